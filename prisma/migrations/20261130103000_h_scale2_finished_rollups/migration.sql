-- Rollups refresh only finished buckets, and storing samples never waits on a shared row
-- (issue 21, item 6). Plain PostgreSQL only; on TimescaleDB the continuous aggregates'
-- invalidation log already records late samples, and the jobs now stop at the last finished
-- bucket (rollups.ts).
--
-- Before: every telemetry INSERT also updated the one rollup_watermark row, so concurrent
-- inserts queued on its row lock. Now: a job-owned refreshed_to per tier (written by the jobs
-- only), and a late sample (one whose minute had already ended when its transaction began)
-- adds its bucket to rollup_late with ON CONFLICT DO NOTHING: samples on time write nothing
-- besides themselves.
DO $finished$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'timescaledb') THEN
    ALTER TABLE rollup_watermark ADD COLUMN refreshed_to TIMESTAMPTZ;
    -- Work still pending at upgrade starts from its dirty_since; otherwise the old jobs had
    -- refreshed up to now.
    UPDATE rollup_watermark SET refreshed_to = date_bin(
      CASE name WHEN 'minute' THEN INTERVAL '1 minute' ELSE INTERVAL '1 hour' END,
      COALESCE(dirty_since, now()), TIMESTAMPTZ 'epoch');
    ALTER TABLE rollup_watermark ALTER COLUMN refreshed_to SET NOT NULL;
    ALTER TABLE rollup_watermark DROP COLUMN dirty_since;
    CREATE TABLE rollup_late (tier TEXT NOT NULL, bucket TIMESTAMPTZ NOT NULL, PRIMARY KEY (tier, bucket));
  END IF;
END
$finished$;
