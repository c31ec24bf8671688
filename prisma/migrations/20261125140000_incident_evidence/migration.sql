-- Packet-capture evidence of incidents, and secrets shared by API instances.

ALTER TABLE "workspace" ADD COLUMN "evidence_retention_days" INTEGER NOT NULL DEFAULT 7;

CREATE TABLE "incident_capture" (
    "id" UUID NOT NULL,
    "workspace_id" UUID NOT NULL,
    "incident_id" UUID NOT NULL,
    "size_bytes" INTEGER NOT NULL,
    "packets" INTEGER NOT NULL,
    "pre_buffer_packets" INTEGER NOT NULL,
    "link_type" INTEGER NOT NULL,
    "sha256" TEXT NOT NULL,
    "storage_key" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    CONSTRAINT "incident_capture_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "incident_capture_storage_key_key" ON "incident_capture"("storage_key");
CREATE UNIQUE INDEX "incident_capture_incident_id_sha256_key" ON "incident_capture"("incident_id", "sha256");
CREATE INDEX "incident_capture_expires_at_idx" ON "incident_capture"("expires_at");
ALTER TABLE "incident_capture" ADD CONSTRAINT "incident_capture_workspace_id_fkey" FOREIGN KEY ("workspace_id") REFERENCES "workspace"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "incident_capture" ADD CONSTRAINT "incident_capture_incident_id_fkey" FOREIGN KEY ("incident_id") REFERENCES "incident"("id") ON DELETE CASCADE ON UPDATE CASCADE;

CREATE TABLE "server_secret" (
    "name" TEXT NOT NULL,
    "value" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "server_secret_pkey" PRIMARY KEY ("name")
);
