-- Connection-state detection (issue 14, item 5): SYN_RECV, established and total TCP sockets
-- become detection metrics, and their per-minute / per-hour statistics are rolled up for charts
-- and seasonal baselines. traffic_sample already stores the three counts (syn_recv,
-- tcp_established, tcp_total) since the telemetry migration; old agents keep sending them.
--
-- The counts get rollups of their own (connection_1m, connection_1h) instead of new columns in
-- traffic_1m / traffic_1h: a continuous aggregate cannot gain columns without being dropped,
-- which would lose the hourly history kept beyond raw retention. Queries join on (node_id, bucket).

ALTER TYPE "TrafficMetric" ADD VALUE IF NOT EXISTS 'SYN_RECV';
ALTER TYPE "TrafficMetric" ADD VALUE IF NOT EXISTS 'TCP_ESTABLISHED';
ALTER TYPE "TrafficMetric" ADD VALUE IF NOT EXISTS 'TCP_SOCKETS';

DO $rollups$
DECLARE
  connection_columns TEXT := $cols$
    count(*)::integer AS samples,
    avg(syn_recv) AS avg_syn_recv, max(syn_recv) AS max_syn_recv,
    percentile_cont(0.99) WITHIN GROUP (ORDER BY syn_recv) AS p99_syn_recv,
    avg(tcp_established) AS avg_tcp_established, max(tcp_established) AS max_tcp_established,
    percentile_cont(0.99) WITHIN GROUP (ORDER BY tcp_established) AS p99_tcp_established,
    avg(tcp_total) AS avg_tcp_total, max(tcp_total) AS max_tcp_total,
    percentile_cont(0.99) WITHIN GROUP (ORDER BY tcp_total) AS p99_tcp_total
  $cols$;
BEGIN
  IF EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'timescaledb') THEN
    EXECUTE format($q$CREATE MATERIALIZED VIEW connection_1m
      WITH (timescaledb.continuous, timescaledb.materialized_only = false) AS
      SELECT node_id, time_bucket(INTERVAL '1 minute', ts) AS bucket, %s
      FROM traffic_sample GROUP BY node_id, bucket WITH NO DATA$q$, connection_columns);
    EXECUTE format($q$CREATE MATERIALIZED VIEW connection_1h
      WITH (timescaledb.continuous, timescaledb.materialized_only = false) AS
      SELECT node_id, time_bucket(INTERVAL '1 hour', ts) AS bucket, %s
      FROM traffic_sample GROUP BY node_id, bucket WITH NO DATA$q$, connection_columns);
  ELSE
    -- Plain PostgreSQL: tables with the same names, recomputed by levee_refresh_connections()
    -- over the same windows the rollup jobs give levee_refresh_minutes() / levee_refresh_hours().
    EXECUTE format($q$CREATE TABLE connection_1m AS SELECT node_id, ts AS bucket, %s
      FROM traffic_sample GROUP BY node_id, ts WITH NO DATA$q$, connection_columns);
    EXECUTE format($q$CREATE TABLE connection_1h AS SELECT node_id, ts AS bucket, %s
      FROM traffic_sample GROUP BY node_id, ts WITH NO DATA$q$, connection_columns);
    EXECUTE 'ALTER TABLE connection_1m ADD PRIMARY KEY (node_id, bucket)';
    EXECUTE 'ALTER TABLE connection_1h ADD PRIMARY KEY (node_id, bucket)';
    EXECUTE format($fn$CREATE FUNCTION levee_refresh_connections(from_ts TIMESTAMPTZ, to_ts TIMESTAMPTZ, hourly BOOLEAN)
      RETURNS void LANGUAGE plpgsql AS $body$
      DECLARE width INTERVAL := CASE WHEN hourly THEN INTERVAL '1 hour' ELSE INTERVAL '1 minute' END;
              b0 TIMESTAMPTZ := date_bin(width, from_ts, TIMESTAMPTZ 'epoch');
      BEGIN
        IF hourly THEN
          DELETE FROM connection_1h WHERE bucket >= b0 AND bucket < to_ts;
          INSERT INTO connection_1h SELECT node_id, date_bin(width, ts, TIMESTAMPTZ 'epoch') AS b, %1$s
            FROM traffic_sample WHERE ts >= b0 AND ts < to_ts GROUP BY node_id, b;
        ELSE
          DELETE FROM connection_1m WHERE bucket >= b0 AND bucket < to_ts;
          INSERT INTO connection_1m SELECT node_id, date_bin(width, ts, TIMESTAMPTZ 'epoch') AS b, %1$s
            FROM traffic_sample WHERE ts >= b0 AND ts < to_ts GROUP BY node_id, b;
        END IF;
      END $body$$fn$, connection_columns);
    -- Rows of the past: the rollups start complete.
    PERFORM levee_refresh_connections(min(ts), 'infinity', false) FROM traffic_sample HAVING count(*) > 0;
    PERFORM levee_refresh_connections(min(ts), 'infinity', true) FROM traffic_sample HAVING count(*) > 0;
  END IF;
END
$rollups$;
