-- E-mail subscriptions to a public status page. An address is kept only from its request (double
-- opt-in: pending until its confirmation link is opened, forgotten when unconfirmed past its
-- expiry) until it unsubscribes (the row is deleted). Tokens are random and stored as sha256; the
-- unsubscribe token is also kept sealed (AES-256-GCM, LEVEE_SECRET_KEY) to be put in each e-mail.
ALTER TABLE "status_page" ADD COLUMN "allow_subscriptions" BOOLEAN NOT NULL DEFAULT false;

CREATE TABLE "status_page_subscriber" (
    "id" UUID NOT NULL,
    "workspace_id" UUID NOT NULL,
    "email" TEXT NOT NULL,
    "confirm_token_hash" TEXT,
    "confirm_expires_at" TIMESTAMPTZ(3),
    "confirmed_at" TIMESTAMPTZ(3),
    "unsubscribe_token_hash" TEXT NOT NULL,
    "unsubscribe_token_sealed" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "status_page_subscriber_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "status_page_subscriber_email_lower" CHECK ("email" = lower("email"))
);
CREATE UNIQUE INDEX "status_page_subscriber_workspace_id_email_key" ON "status_page_subscriber"("workspace_id", "email");
CREATE UNIQUE INDEX "status_page_subscriber_confirm_token_hash_key" ON "status_page_subscriber"("confirm_token_hash");
CREATE UNIQUE INDEX "status_page_subscriber_unsubscribe_token_hash_key" ON "status_page_subscriber"("unsubscribe_token_hash");
ALTER TABLE "status_page_subscriber" ADD CONSTRAINT "status_page_subscriber_workspace_id_fkey"
  FOREIGN KEY ("workspace_id") REFERENCES "status_page"("workspace_id") ON DELETE CASCADE ON UPDATE CASCADE;

-- One update to a page's subscribers (an incident opened or resolved, a maintenance notice), keyed
-- so that an event handled twice (two processes, a retried job) is one mailing. Its content is what
-- the public page shows, fixed when it is made.
CREATE TABLE "status_page_mailing" (
    "id" UUID NOT NULL,
    "workspace_id" UUID NOT NULL,
    "key" TEXT NOT NULL,
    "content" JSONB NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finished_at" TIMESTAMPTZ(3),
    CONSTRAINT "status_page_mailing_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "status_page_mailing_key_key" ON "status_page_mailing"("key");
CREATE INDEX "status_page_mailing_finished_at_idx" ON "status_page_mailing"("finished_at");
ALTER TABLE "status_page_mailing" ADD CONSTRAINT "status_page_mailing_workspace_id_fkey"
  FOREIGN KEY ("workspace_id") REFERENCES "status_page"("workspace_id") ON DELETE CASCADE ON UPDATE CASCADE;

-- A subscriber's copy of a mailing, claimed (inserted) before it is sent: the primary key makes it
-- once per subscriber whichever process sends it.
CREATE TABLE "status_page_delivery" (
    "mailing_id" UUID NOT NULL,
    "subscriber_id" UUID NOT NULL,
    "claimed_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "error" TEXT,
    CONSTRAINT "status_page_delivery_pkey" PRIMARY KEY ("mailing_id", "subscriber_id")
);
CREATE INDEX "status_page_delivery_subscriber_id_idx" ON "status_page_delivery"("subscriber_id");
ALTER TABLE "status_page_delivery" ADD CONSTRAINT "status_page_delivery_mailing_id_fkey"
  FOREIGN KEY ("mailing_id") REFERENCES "status_page_mailing"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "status_page_delivery" ADD CONSTRAINT "status_page_delivery_subscriber_id_fkey"
  FOREIGN KEY ("subscriber_id") REFERENCES "status_page_subscriber"("id") ON DELETE CASCADE ON UPDATE CASCADE;
