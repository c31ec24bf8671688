-- Jobs that must outlive the process or an outage:
-- failed_job: the embedded (in-process) queue's exhausted jobs, so `failedJobs` / `retryFailedJob`
--   still see them after a restart (BullMQ keeps its own in Redis).
-- job_outbox: jobs enqueued while Redis was unreachable; relayed to BullMQ once it is back, under the
--   job id given here, so a relay that is repeated (crash between add and delete) adds nothing twice.
-- Plain SQL: PGlite+TimescaleDB and PostgreSQL alike.

CREATE TABLE "failed_job" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "payload" TEXT NOT NULL,
    "attempts" INTEGER NOT NULL,
    "max_attempts" INTEGER NOT NULL,
    "backoff_ms" INTEGER NOT NULL,
    "error" TEXT NOT NULL,
    "failed_at" TIMESTAMPTZ(3) NOT NULL,
    CONSTRAINT "failed_job_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "failed_job_failed_at_idx" ON "failed_job"("failed_at");

CREATE TABLE "job_outbox" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "payload" TEXT NOT NULL,
    "options" JSONB NOT NULL,
    "run_at" TIMESTAMPTZ(3) NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "job_outbox_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "job_outbox_created_at_idx" ON "job_outbox"("created_at");
