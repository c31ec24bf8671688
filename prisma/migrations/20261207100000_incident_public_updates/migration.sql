-- Operator-written updates of an incident, for its page on the workspace's public status page
-- ("Investigating: filtering at the upstream", "Monitoring: traffic is back to normal"): posted
-- from the dashboard beside the detected and resolved state changes the page already shows, and
-- deleted with the incident. The message is plain text, trimmed, 1 to 2000 characters (checked by
-- the API; the CHECKs keep the table honest whoever writes). The author is the user who posted it
-- (null once that account is deleted, or when an API key posted it: the audit log names the key).
CREATE TYPE "IncidentUpdateStatus" AS ENUM ('INVESTIGATING', 'IDENTIFIED', 'MITIGATING', 'MONITORING');

CREATE TABLE "incident_public_update" (
    "id" UUID NOT NULL,
    "workspace_id" UUID NOT NULL,
    "incident_id" UUID NOT NULL,
    "status" "IncidentUpdateStatus" NOT NULL,
    "message" TEXT NOT NULL,
    "author_id" UUID,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "incident_public_update_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "incident_public_update_message_length"
      CHECK (char_length("message") BETWEEN 1 AND 2000 AND "message" = btrim("message", E' \t\r\n'))
);
CREATE INDEX "incident_public_update_incident_id_created_at_idx" ON "incident_public_update"("incident_id", "created_at");
CREATE INDEX "incident_public_update_workspace_id_idx" ON "incident_public_update"("workspace_id");
ALTER TABLE "incident_public_update" ADD CONSTRAINT "incident_public_update_workspace_id_fkey"
  FOREIGN KEY ("workspace_id") REFERENCES "workspace"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "incident_public_update" ADD CONSTRAINT "incident_public_update_incident_id_fkey"
  FOREIGN KEY ("incident_id") REFERENCES "incident"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "incident_public_update" ADD CONSTRAINT "incident_public_update_author_id_fkey"
  FOREIGN KEY ("author_id") REFERENCES "app_user"("id") ON DELETE SET NULL ON UPDATE CASCADE;
