-- A late sample's mark never waits for the minute job (plain PostgreSQL only; issue 21).
--
-- Before: rollup_late was keyed by (tier, bucket) and marks were written with ON CONFLICT DO
-- NOTHING. The minute job deletes the marks it takes at the start of its transaction; an insert
-- meeting a deleted but uncommitted key waits for that transaction, so while the job
-- re-aggregated a minute every telemetry INSERT carrying a late sample (an agent replaying its
-- queue) stalled, and with it the on-time samples of every node batched into the same
-- statement: 0.2–0.3 s, twice a minute, in bench:ingest.
-- Now: no key. A mark added while the job runs is not in its DELETE's snapshot and stays for the
-- next run (which recomputes the bucket whole), so nothing is lost; a bucket marked by several
-- statements is refreshed once (refreshRanges takes each bucket once).
DO $unkeyed$
BEGIN
  IF to_regclass('rollup_late') IS NOT NULL THEN
    ALTER TABLE rollup_late DROP CONSTRAINT IF EXISTS rollup_late_pkey;
    CREATE INDEX IF NOT EXISTS rollup_late_tier_bucket_idx ON rollup_late (tier, bucket);
  END IF;
END
$unkeyed$;
