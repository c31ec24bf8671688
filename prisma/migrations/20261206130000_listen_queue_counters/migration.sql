-- SYN-cookie and listen-queue rates (TcpExt in /proc/net/netstat), and socket counts that can
-- say "not read".
--
-- The agent sends SyncookiesSent / Recv / Failed, ListenOverflows and ListenDrops as per-second
-- rates; each is NULL where it was not read (an older agent, a kernel without the counter, a
-- crossing window the probe sent before the full read). syn_recv, tcp_established and tcp_total
-- become nullable the same way: an agent that cannot read /proc/net/tcp{,6} sends null instead of
-- 0, which read as a calm node. Aggregates skip NULLs: a bucket whose seconds were all not read
-- rolls up to NULL, not 0.
--
-- The rates get rollups of their own (listen_queue_1m, listen_queue_1h), like the socket counts
-- got connection_1m / _1h: a continuous aggregate cannot gain columns without being dropped,
-- which would lose the hourly history kept beyond raw retention.

ALTER TABLE traffic_sample
  ADD COLUMN syncookies_sent DOUBLE PRECISION,
  ADD COLUMN syncookies_recv DOUBLE PRECISION,
  ADD COLUMN syncookies_failed DOUBLE PRECISION,
  ADD COLUMN listen_overflows DOUBLE PRECISION,
  ADD COLUMN listen_drops DOUBLE PRECISION;
ALTER TABLE traffic_sample ALTER COLUMN syn_recv DROP NOT NULL;
ALTER TABLE traffic_sample ALTER COLUMN tcp_established DROP NOT NULL;
ALTER TABLE traffic_sample ALTER COLUMN tcp_total DROP NOT NULL;

DO $rollups$
DECLARE
  queue_columns TEXT := $cols$
    count(syncookies_sent)::integer AS samples,
    avg(syncookies_sent) AS avg_syncookies_sent, max(syncookies_sent) AS max_syncookies_sent,
    avg(syncookies_recv) AS avg_syncookies_recv, avg(syncookies_failed) AS avg_syncookies_failed,
    avg(listen_overflows) AS avg_listen_overflows, max(listen_overflows) AS max_listen_overflows,
    avg(listen_drops) AS avg_listen_drops
  $cols$;
BEGIN
  IF EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'timescaledb') THEN
    EXECUTE format($q$CREATE MATERIALIZED VIEW listen_queue_1m
      WITH (timescaledb.continuous, timescaledb.materialized_only = false) AS
      SELECT node_id, time_bucket(INTERVAL '1 minute', ts) AS bucket, %s
      FROM traffic_sample GROUP BY node_id, bucket WITH NO DATA$q$, queue_columns);
    EXECUTE format($q$CREATE MATERIALIZED VIEW listen_queue_1h
      WITH (timescaledb.continuous, timescaledb.materialized_only = false) AS
      SELECT node_id, time_bucket(INTERVAL '1 hour', ts) AS bucket, %s
      FROM traffic_sample GROUP BY node_id, bucket WITH NO DATA$q$, queue_columns);
  ELSE
    EXECUTE format($q$CREATE TABLE listen_queue_1m AS SELECT node_id, ts AS bucket, %s
      FROM traffic_sample GROUP BY node_id, ts WITH NO DATA$q$, queue_columns);
    EXECUTE format($q$CREATE TABLE listen_queue_1h AS SELECT node_id, ts AS bucket, %s
      FROM traffic_sample GROUP BY node_id, ts WITH NO DATA$q$, queue_columns);
    EXECUTE 'ALTER TABLE listen_queue_1m ADD PRIMARY KEY (node_id, bucket)';
    EXECUTE 'ALTER TABLE listen_queue_1h ADD PRIMARY KEY (node_id, bucket)';
    -- The tier's single grouped pass feeds listen_queue_* too (the columns are only rolled up
    -- there: an empty past needs no backfill). levee_refresh_pass keeps its old signature for
    -- nothing but compatibility; the tier functions call the new one.
    CREATE OR REPLACE FUNCTION levee_refresh_pass(width INTERVAL, from_ts TIMESTAMPTZ, to_ts TIMESTAMPTZ,
        traffic TEXT, connection TEXT, status TEXT, queue TEXT)
      RETURNS void LANGUAGE plpgsql AS $pass$
      DECLARE
        b0 TIMESTAMPTZ := date_bin(width, from_ts, TIMESTAMPTZ 'epoch');
        traffic_columns TEXT := 'node_id, bucket, samples, attack_seconds, avg_pps, max_pps, p95_pps, p99_pps,
          avg_bps, max_bps, p95_bps, p99_bps, avg_tcp_pps, max_tcp_pps, p95_tcp_pps, p99_tcp_pps,
          avg_udp_pps, max_udp_pps, p95_udp_pps, p99_udp_pps, avg_icmp_pps, max_icmp_pps, p95_icmp_pps,
          p99_icmp_pps, avg_other_pps, max_other_pps, p95_other_pps, p99_other_pps, avg_tx_pps, avg_tx_bps';
        connection_columns TEXT := 'node_id, bucket, samples, avg_syn_recv, max_syn_recv, p99_syn_recv,
          avg_tcp_established, max_tcp_established, p99_tcp_established, avg_tcp_total, max_tcp_total,
          p99_tcp_total';
        status_insert TEXT := '';
      BEGIN
        EXECUTE format('DELETE FROM %I WHERE bucket >= $1 AND bucket < $2', traffic) USING b0, to_ts;
        EXECUTE format('DELETE FROM %I WHERE bucket >= $1 AND bucket < $2', connection) USING b0, to_ts;
        EXECUTE format('DELETE FROM %I WHERE bucket >= $1 AND bucket < $2', queue) USING b0, to_ts;
        IF status IS NOT NULL THEN
          EXECUTE format('DELETE FROM %I WHERE bucket >= $1 AND bucket < $2', status) USING b0, to_ts;
          status_insert := format(', s AS (INSERT INTO %I (node_id, bucket, samples, attack)
            SELECT node_id, bucket, samples, attack_seconds > 0 FROM r)', status);
        END IF;
        EXECUTE format($q$WITH r AS MATERIALIZED (
            SELECT node_id, date_bin($3, ts, TIMESTAMPTZ 'epoch') AS bucket,
              count(*)::integer AS samples,
              count(*) FILTER (WHERE attack)::integer AS attack_seconds,
              avg(rx_pps) AS avg_pps, max(rx_pps) AS max_pps,
              percentile_cont(0.95) WITHIN GROUP (ORDER BY rx_pps) AS p95_pps,
              percentile_cont(0.99) WITHIN GROUP (ORDER BY rx_pps) AS p99_pps,
              avg(rx_bps) AS avg_bps, max(rx_bps) AS max_bps,
              percentile_cont(0.95) WITHIN GROUP (ORDER BY rx_bps) AS p95_bps,
              percentile_cont(0.99) WITHIN GROUP (ORDER BY rx_bps) AS p99_bps,
              avg(tcp_pps) AS avg_tcp_pps, max(tcp_pps) AS max_tcp_pps,
              percentile_cont(0.95) WITHIN GROUP (ORDER BY tcp_pps) AS p95_tcp_pps,
              percentile_cont(0.99) WITHIN GROUP (ORDER BY tcp_pps) AS p99_tcp_pps,
              avg(udp_pps) AS avg_udp_pps, max(udp_pps) AS max_udp_pps,
              percentile_cont(0.95) WITHIN GROUP (ORDER BY udp_pps) AS p95_udp_pps,
              percentile_cont(0.99) WITHIN GROUP (ORDER BY udp_pps) AS p99_udp_pps,
              avg(icmp_pps) AS avg_icmp_pps, max(icmp_pps) AS max_icmp_pps,
              percentile_cont(0.95) WITHIN GROUP (ORDER BY icmp_pps) AS p95_icmp_pps,
              percentile_cont(0.99) WITHIN GROUP (ORDER BY icmp_pps) AS p99_icmp_pps,
              avg(other_pps) AS avg_other_pps, max(other_pps) AS max_other_pps,
              percentile_cont(0.95) WITHIN GROUP (ORDER BY other_pps) AS p95_other_pps,
              percentile_cont(0.99) WITHIN GROUP (ORDER BY other_pps) AS p99_other_pps,
              avg(tx_pps) AS avg_tx_pps, avg(tx_bps) AS avg_tx_bps,
              avg(syn_recv) AS avg_syn_recv, max(syn_recv) AS max_syn_recv,
              percentile_cont(0.99) WITHIN GROUP (ORDER BY syn_recv) AS p99_syn_recv,
              avg(tcp_established) AS avg_tcp_established, max(tcp_established) AS max_tcp_established,
              percentile_cont(0.99) WITHIN GROUP (ORDER BY tcp_established) AS p99_tcp_established,
              avg(tcp_total) AS avg_tcp_total, max(tcp_total) AS max_tcp_total,
              percentile_cont(0.99) WITHIN GROUP (ORDER BY tcp_total) AS p99_tcp_total,
              %6$s
            FROM traffic_sample WHERE ts >= $1 AND ts < $2 GROUP BY 1, 2),
          t AS (INSERT INTO %1$I (%3$s) SELECT %3$s FROM r),
          q AS (INSERT INTO %7$I (node_id, bucket, samples, avg_syncookies_sent, max_syncookies_sent,
              avg_syncookies_recv, avg_syncookies_failed, avg_listen_overflows, max_listen_overflows,
              avg_listen_drops)
            SELECT node_id, bucket, queue_samples, avg_syncookies_sent, max_syncookies_sent,
              avg_syncookies_recv, avg_syncookies_failed, avg_listen_overflows, max_listen_overflows,
              avg_listen_drops FROM r)%5$s
          INSERT INTO %2$I (%4$s) SELECT %4$s FROM r$q$,
          traffic, connection, traffic_columns, connection_columns, status_insert,
          'count(syncookies_sent)::integer AS queue_samples,
              avg(syncookies_sent) AS avg_syncookies_sent, max(syncookies_sent) AS max_syncookies_sent,
              avg(syncookies_recv) AS avg_syncookies_recv, avg(syncookies_failed) AS avg_syncookies_failed,
              avg(listen_overflows) AS avg_listen_overflows, max(listen_overflows) AS max_listen_overflows,
              avg(listen_drops) AS avg_listen_drops', queue)
          USING b0, to_ts, width;
      END $pass$;

    CREATE OR REPLACE FUNCTION levee_refresh_minutes(from_ts TIMESTAMPTZ, to_ts TIMESTAMPTZ)
      RETURNS void LANGUAGE sql AS $minutes$
        SELECT levee_refresh_pass(INTERVAL '1 minute', from_ts, to_ts, 'traffic_1m', 'connection_1m',
          'node_status_1m', 'listen_queue_1m')
      $minutes$;

    CREATE OR REPLACE FUNCTION levee_refresh_hours(from_ts TIMESTAMPTZ, to_ts TIMESTAMPTZ)
      RETURNS void LANGUAGE plpgsql AS $hours$
      DECLARE d TIMESTAMPTZ := date_bin(INTERVAL '1 day', from_ts, TIMESTAMPTZ 'epoch');
      BEGIN
        PERFORM levee_refresh_pass(INTERVAL '1 hour', from_ts, to_ts, 'traffic_1h', 'connection_1h', NULL,
          'listen_queue_1h');
        DELETE FROM node_status_1d WHERE bucket >= d AND bucket < to_ts;
        INSERT INTO node_status_1d SELECT node_id, date_bin(INTERVAL '1 day', bucket, TIMESTAMPTZ 'epoch') AS b,
          count(*)::integer, (count(*) FILTER (WHERE attack))::integer
          FROM node_status_1m WHERE bucket >= d AND bucket < to_ts GROUP BY node_id, b;
      END $hours$;
  END IF;
END
$rollups$;
