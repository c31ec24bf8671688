-- The outbox is relayed in the order jobs were put. created_at has millisecond precision, so jobs
-- put in the same millisecond (an incident's events during a Redis outage) tied and were relayed in
-- the order of their random ids: CI saw jobs 4 and 5 run as 5, 4. A sequence orders them.
ALTER TABLE "job_outbox" ADD COLUMN "seq" BIGSERIAL NOT NULL;
CREATE INDEX "job_outbox_seq_idx" ON "job_outbox"("seq");
