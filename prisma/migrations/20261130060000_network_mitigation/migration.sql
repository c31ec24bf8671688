-- Network mitigation (BGP FlowSpec/RTBH, cloud scrubbing): per-workspace settings, declared
-- prefixes and the intended state of every rule. Plain tables: the same on TimescaleDB and
-- plain PostgreSQL.

CREATE TABLE "network_mitigation_config" (
    "workspace_id" UUID NOT NULL,
    "policy" JSONB NOT NULL,
    "safelist" TEXT[] NOT NULL DEFAULT ARRAY[]::TEXT[],
    "speakers" JSONB NOT NULL DEFAULT '[]',
    "providers" JSONB NOT NULL DEFAULT '[]',
    "max_active_rules" INTEGER NOT NULL DEFAULT 100,
    "announcements_per_minute" INTEGER NOT NULL DEFAULT 20,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "network_mitigation_config_pkey" PRIMARY KEY ("workspace_id")
);
ALTER TABLE "network_mitigation_config" ADD CONSTRAINT "network_mitigation_config_workspace_id_fkey" FOREIGN KEY ("workspace_id") REFERENCES "workspace"("id") ON DELETE CASCADE ON UPDATE CASCADE;

CREATE TABLE "mitigation_prefix" (
    "id" UUID NOT NULL,
    "workspace_id" UUID NOT NULL,
    "prefix" TEXT NOT NULL,
    "verified" BOOLEAN NOT NULL,
    "note" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "mitigation_prefix_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "mitigation_prefix_workspace_id_prefix_key" ON "mitigation_prefix"("workspace_id", "prefix");
ALTER TABLE "mitigation_prefix" ADD CONSTRAINT "mitigation_prefix_workspace_id_fkey" FOREIGN KEY ("workspace_id") REFERENCES "workspace"("id") ON DELETE CASCADE ON UPDATE CASCADE;

CREATE TABLE "network_mitigation_rule" (
    "id" UUID NOT NULL,
    "workspace_id" UUID NOT NULL,
    "key" TEXT NOT NULL,
    "level" TEXT NOT NULL,
    "intent" JSONB NOT NULL,
    "state" TEXT NOT NULL,
    "incident_ids" TEXT[] NOT NULL DEFAULT ARRAY[]::TEXT[],
    "manual" BOOLEAN NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL,
    "announced_at" TIMESTAMPTZ(3),
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    "withdrawn_at" TIMESTAMPTZ(3),
    "withdraw_reason" TEXT,
    "last_error" TEXT,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "network_mitigation_rule_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "network_mitigation_rule_workspace_id_state_idx" ON "network_mitigation_rule"("workspace_id", "state");
CREATE INDEX "network_mitigation_rule_workspace_id_announced_at_idx" ON "network_mitigation_rule"("workspace_id", "announced_at");
-- At most one live rule per workspace and identity (aggregation / de-duplication, enforced).
CREATE UNIQUE INDEX "network_mitigation_rule_live_key" ON "network_mitigation_rule"("workspace_id", "key") WHERE "state" <> 'WITHDRAWN';
ALTER TABLE "network_mitigation_rule" ADD CONSTRAINT "network_mitigation_rule_workspace_id_fkey" FOREIGN KEY ("workspace_id") REFERENCES "workspace"("id") ON DELETE CASCADE ON UPDATE CASCADE;
