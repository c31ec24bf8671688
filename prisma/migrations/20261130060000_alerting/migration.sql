-- Alerting: channels, deliveries (one row per channel, incident, event and escalation step,
-- claimed before sending so several API processes deliver exactly once), escalation policies,
-- maintenance windows, and incident acknowledgement. Plain SQL: works on PGlite+TimescaleDB
-- and on PostgreSQL without TimescaleDB alike.

ALTER TABLE "incident" ADD COLUMN "acknowledged_at" TIMESTAMPTZ(3);
ALTER TABLE "incident" ADD COLUMN "acknowledged_by" TEXT;

CREATE TABLE "alert_channel" (
    "id" UUID NOT NULL,
    "workspace_id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "shared_with_customers" BOOLEAN NOT NULL DEFAULT false,
    "settings" JSONB NOT NULL DEFAULT '{}',
    "secrets" JSONB NOT NULL DEFAULT '{}',
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,
    CONSTRAINT "alert_channel_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "alert_channel_workspace_id_name_key" ON "alert_channel"("workspace_id", "name");
ALTER TABLE "alert_channel" ADD CONSTRAINT "alert_channel_workspace_id_fkey" FOREIGN KEY ("workspace_id") REFERENCES "workspace"("id") ON DELETE CASCADE ON UPDATE CASCADE;

CREATE TABLE "alert_delivery" (
    "id" UUID NOT NULL,
    "workspace_id" UUID NOT NULL,
    "incident_id" UUID NOT NULL,
    "channel_id" UUID NOT NULL,
    "event_key" TEXT NOT NULL,
    "event_kind" TEXT NOT NULL,
    "state" TEXT NOT NULL DEFAULT '',
    "step" INTEGER NOT NULL DEFAULT 0,
    "status" TEXT NOT NULL DEFAULT 'PENDING',
    "due_at" TIMESTAMPTZ(3) NOT NULL,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "lease_until" TIMESTAMPTZ(3),
    "last_error" TEXT,
    "sent_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "alert_delivery_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "alert_delivery_channel_id_incident_id_event_key_step_key" ON "alert_delivery"("channel_id", "incident_id", "event_key", "step");
CREATE INDEX "alert_delivery_incident_id_idx" ON "alert_delivery"("incident_id");
CREATE INDEX "alert_delivery_status_due_at_idx" ON "alert_delivery"("status", "due_at");
ALTER TABLE "alert_delivery" ADD CONSTRAINT "alert_delivery_workspace_id_fkey" FOREIGN KEY ("workspace_id") REFERENCES "workspace"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "alert_delivery" ADD CONSTRAINT "alert_delivery_incident_id_fkey" FOREIGN KEY ("incident_id") REFERENCES "incident"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "alert_delivery" ADD CONSTRAINT "alert_delivery_channel_id_fkey" FOREIGN KEY ("channel_id") REFERENCES "alert_channel"("id") ON DELETE CASCADE ON UPDATE CASCADE;

CREATE TABLE "alert_delivery_attempt" (
    "id" UUID NOT NULL,
    "delivery_id" UUID NOT NULL,
    "attempt" INTEGER NOT NULL,
    "outcome" TEXT NOT NULL,
    "http_status" INTEGER,
    "latency_ms" INTEGER NOT NULL,
    "error" TEXT,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "alert_delivery_attempt_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "alert_delivery_attempt_delivery_id_attempt_key" ON "alert_delivery_attempt"("delivery_id", "attempt");
ALTER TABLE "alert_delivery_attempt" ADD CONSTRAINT "alert_delivery_attempt_delivery_id_fkey" FOREIGN KEY ("delivery_id") REFERENCES "alert_delivery"("id") ON DELETE CASCADE ON UPDATE CASCADE;

CREATE TABLE "escalation_policy" (
    "id" UUID NOT NULL,
    "workspace_id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "position" INTEGER NOT NULL DEFAULT 0,
    "shared_with_customers" BOOLEAN NOT NULL DEFAULT false,
    "severities" TEXT[] NOT NULL DEFAULT ARRAY[]::TEXT[],
    "families" TEXT[] NOT NULL DEFAULT ARRAY[]::TEXT[],
    "node_labels" JSONB NOT NULL DEFAULT '[]',
    "steps" JSONB NOT NULL DEFAULT '[]',
    "repeat" INTEGER NOT NULL DEFAULT 0,
    "repeat_after_seconds" INTEGER NOT NULL DEFAULT 300,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,
    CONSTRAINT "escalation_policy_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "escalation_policy_workspace_id_name_key" ON "escalation_policy"("workspace_id", "name");
ALTER TABLE "escalation_policy" ADD CONSTRAINT "escalation_policy_workspace_id_fkey" FOREIGN KEY ("workspace_id") REFERENCES "workspace"("id") ON DELETE CASCADE ON UPDATE CASCADE;

CREATE TABLE "maintenance_window" (
    "id" UUID NOT NULL,
    "workspace_id" UUID NOT NULL,
    "node_id" UUID,
    "name" TEXT NOT NULL,
    "starts_at" TIMESTAMPTZ(3) NOT NULL,
    "ends_at" TIMESTAMPTZ(3) NOT NULL,
    "weekly" BOOLEAN NOT NULL DEFAULT false,
    "time_zone" TEXT NOT NULL DEFAULT 'UTC',
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "maintenance_window_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "maintenance_window_workspace_id_idx" ON "maintenance_window"("workspace_id");
ALTER TABLE "maintenance_window" ADD CONSTRAINT "maintenance_window_workspace_id_fkey" FOREIGN KEY ("workspace_id") REFERENCES "workspace"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "maintenance_window" ADD CONSTRAINT "maintenance_window_node_id_fkey" FOREIGN KEY ("node_id") REFERENCES "node"("id") ON DELETE CASCADE ON UPDATE CASCADE;
