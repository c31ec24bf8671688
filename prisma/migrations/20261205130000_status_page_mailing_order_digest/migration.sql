-- A page's mailings go out one after another in the order they were made (an incident's "resolved"
-- never before its "under attack"): "seq" is that order, given by the insert, since created_at is
-- the transaction's start (two in one millisecond tie) and ids are random within a millisecond.
ALTER TABLE "status_page_mailing" ADD COLUMN "seq" BIGSERIAL NOT NULL;
CREATE INDEX "status_page_mailing_workspace_id_finished_at_seq_idx"
  ON "status_page_mailing"("workspace_id", "finished_at", "seq");

-- A flapping node: past STATUS_NODE_MAILS_PER_HOUR e-mails about one node in an hour, its further
-- incident events are kept as held rows (held_at set, finished at once, never sent on their own) and
-- folded into one digest mailing (digest_id) once the hour allows another e-mail. node_id names the
-- node an incident or digest mailing is about (NULL: a maintenance notice).
ALTER TABLE "status_page_mailing" ADD COLUMN "node_id" UUID;
ALTER TABLE "status_page_mailing" ADD COLUMN "held_at" TIMESTAMPTZ(3);
ALTER TABLE "status_page_mailing" ADD COLUMN "digest_id" UUID;
CREATE INDEX "status_page_mailing_node_id_created_at_idx"
  ON "status_page_mailing"("node_id", "created_at");

-- The order is kept by each mailing's first pass (every confirmed subscriber claimed and tried once):
-- the page's next mailing starts once first_pass_at is set. A copy whose try failed with an answer
-- that may change (SMTP 4xx as greylisting gives, no connection) keeps its claim with retry_since set
-- and is retried by its mailing's own job outside that order, so one subscriber's retries hold back
-- nobody else; it is dropped (error "superseded by a later update") once the subscriber has a later
-- mailing of the page, so nobody gets an old update after a newer one.
ALTER TABLE "status_page_mailing" ADD COLUMN "first_pass_at" TIMESTAMPTZ(3);
ALTER TABLE "status_page_delivery" ADD COLUMN "retry_since" TIMESTAMPTZ(3);
