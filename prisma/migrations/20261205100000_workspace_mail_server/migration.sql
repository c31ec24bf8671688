-- A workspace's own SMTP relay for its e-mail (alert channels, invitations): an MSP's customers get
-- mail from the MSP's domain, signed by its relay (SPF/DKIM), not from the platform's SMTP_FROM.
-- The password is sealed (AES-256-GCM, LEVEE_SECRET_KEY) and never returned.
CREATE TABLE "workspace_mail_server" (
    "workspace_id" UUID NOT NULL,
    "host" TEXT NOT NULL,
    "port" INTEGER NOT NULL,
    "security" TEXT NOT NULL,
    "username" TEXT,
    "password_sealed" TEXT,
    "from_address" TEXT NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,
    CONSTRAINT "workspace_mail_server_pkey" PRIMARY KEY ("workspace_id"),
    CONSTRAINT "workspace_mail_server_port" CHECK ("port" BETWEEN 1 AND 65535),
    CONSTRAINT "workspace_mail_server_security" CHECK ("security" IN ('TLS', 'STARTTLS', 'NONE'))
);
ALTER TABLE "workspace_mail_server" ADD CONSTRAINT "workspace_mail_server_workspace_id_fkey"
  FOREIGN KEY ("workspace_id") REFERENCES "workspace"("id") ON DELETE CASCADE ON UPDATE CASCADE;
