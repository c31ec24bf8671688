-- Node firewall mitigation: rules, typed actions and their timeline, safelists, and what each
-- agent reports about its host (addresses that must never be blocked). Plain SQL: the same on
-- TimescaleDB and plain PostgreSQL.

CREATE TYPE "MitigationTrigger" AS ENUM ('MANUAL', 'THRESHOLD', 'SEVERITY', 'FAMILY');
CREATE TYPE "MitigationActionState" AS ENUM ('PENDING', 'ACTIVE', 'UNDO_PENDING', 'UNDONE', 'FAILED', 'REFUSED');

CREATE TABLE "mitigation_rule" (
    "id" UUID NOT NULL,
    "workspace_id" UUID NOT NULL,
    "node_id" UUID,
    "name" TEXT NOT NULL,
    "action_type" TEXT NOT NULL,
    "params" JSONB NOT NULL,
    "trigger" "MitigationTrigger" NOT NULL,
    "min_severity" "Severity",
    "family" TEXT,
    "ttl_seconds" INTEGER NOT NULL,
    "permanent" BOOLEAN NOT NULL DEFAULT false,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,
    CONSTRAINT "mitigation_rule_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "mitigation_rule_workspace_id_idx" ON "mitigation_rule"("workspace_id");
ALTER TABLE "mitigation_rule" ADD CONSTRAINT "mitigation_rule_workspace_id_fkey" FOREIGN KEY ("workspace_id") REFERENCES "workspace"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "mitigation_rule" ADD CONSTRAINT "mitigation_rule_node_id_fkey" FOREIGN KEY ("node_id") REFERENCES "node"("id") ON DELETE CASCADE ON UPDATE CASCADE;

CREATE TABLE "mitigation_action" (
    "id" TEXT NOT NULL,
    "workspace_id" UUID NOT NULL,
    "node_id" UUID NOT NULL,
    "rule_id" UUID,
    "incident_id" UUID,
    "action_type" TEXT NOT NULL,
    "params" JSONB NOT NULL,
    "slot" INTEGER NOT NULL,
    "state" "MitigationActionState" NOT NULL DEFAULT 'PENDING',
    "permanent" BOOLEAN NOT NULL DEFAULT false,
    "expires_at" TIMESTAMPTZ(3),
    "warnings" TEXT[],
    "packets" DOUBLE PRECISION,
    "bytes" DOUBLE PRECISION,
    "message" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "applied_at" TIMESTAMPTZ(3),
    "undone_at" TIMESTAMPTZ(3),
    CONSTRAINT "mitigation_action_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "mitigation_action_rule_id_incident_id_key" ON "mitigation_action"("rule_id", "incident_id");
CREATE INDEX "mitigation_action_node_id_state_idx" ON "mitigation_action"("node_id", "state");
CREATE INDEX "mitigation_action_workspace_id_created_at_idx" ON "mitigation_action"("workspace_id", "created_at");
ALTER TABLE "mitigation_action" ADD CONSTRAINT "mitigation_action_workspace_id_fkey" FOREIGN KEY ("workspace_id") REFERENCES "workspace"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "mitigation_action" ADD CONSTRAINT "mitigation_action_node_id_fkey" FOREIGN KEY ("node_id") REFERENCES "node"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "mitigation_action" ADD CONSTRAINT "mitigation_action_rule_id_fkey" FOREIGN KEY ("rule_id") REFERENCES "mitigation_rule"("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "mitigation_action" ADD CONSTRAINT "mitigation_action_incident_id_fkey" FOREIGN KEY ("incident_id") REFERENCES "incident"("id") ON DELETE SET NULL ON UPDATE CASCADE;

CREATE TABLE "mitigation_event" (
    "id" UUID NOT NULL,
    "action_id" TEXT NOT NULL,
    "workspace_id" UUID NOT NULL,
    "incident_id" UUID,
    "kind" TEXT NOT NULL,
    "commands" JSONB NOT NULL DEFAULT '[]',
    "packets" DOUBLE PRECISION,
    "bytes" DOUBLE PRECISION,
    "message" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "mitigation_event_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "mitigation_event_action_id_created_at_idx" ON "mitigation_event"("action_id", "created_at");
CREATE INDEX "mitigation_event_incident_id_created_at_idx" ON "mitigation_event"("incident_id", "created_at");
CREATE INDEX "mitigation_event_workspace_id_created_at_idx" ON "mitigation_event"("workspace_id", "created_at");
ALTER TABLE "mitigation_event" ADD CONSTRAINT "mitigation_event_action_id_fkey" FOREIGN KEY ("action_id") REFERENCES "mitigation_action"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "mitigation_event" ADD CONSTRAINT "mitigation_event_workspace_id_fkey" FOREIGN KEY ("workspace_id") REFERENCES "workspace"("id") ON DELETE CASCADE ON UPDATE CASCADE;

CREATE TABLE "mitigation_safelist" (
    "id" UUID NOT NULL,
    "workspace_id" UUID NOT NULL,
    "prefix" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "mitigation_safelist_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "mitigation_safelist_workspace_id_prefix_key" ON "mitigation_safelist"("workspace_id", "prefix");
ALTER TABLE "mitigation_safelist" ADD CONSTRAINT "mitigation_safelist_workspace_id_fkey" FOREIGN KEY ("workspace_id") REFERENCES "workspace"("id") ON DELETE CASCADE ON UPDATE CASCADE;

CREATE TABLE "firewall_host" (
    "node_id" UUID NOT NULL,
    "management_addresses" TEXT[],
    "gateways" TEXT[],
    "api_addresses" TEXT[],
    "capabilities" JSONB NOT NULL DEFAULT '{}',
    "updated_at" TIMESTAMPTZ(3) NOT NULL,
    CONSTRAINT "firewall_host_pkey" PRIMARY KEY ("node_id")
);
ALTER TABLE "firewall_host" ADD CONSTRAINT "firewall_host_node_id_fkey" FOREIGN KEY ("node_id") REFERENCES "node"("id") ON DELETE CASCADE ON UPDATE CASCADE;
