-- Plain PostgreSQL's rollups read the raw seconds once per tier instead of three (minute) or two
-- (hour) times (issue 21, item 6).
--
-- Before: levee_refresh_minutes scanned and grouped traffic_sample for traffic_1m, again for
-- node_status_1m, and levee_refresh_connections a third time for connection_1m; the hour tier
-- twice (traffic_1h, connection_1h). Now one grouped pass (levee_refresh_pass) feeds every table
-- of its tier: node_status_1m is the same groups' sample count and whether any second was an
-- attack. Same rows, same column types (the expressions are the ones the tables were made from).
--
-- levee_refresh_connections stays: a process of the previous version still calls it after
-- levee_refresh_minutes during a rolling deploy, and it recomputes the same rows.
-- TimescaleDB keeps its continuous aggregates (each is its own view over traffic_sample).
DO $single$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'timescaledb') THEN
    CREATE OR REPLACE FUNCTION levee_refresh_pass(width INTERVAL, from_ts TIMESTAMPTZ, to_ts TIMESTAMPTZ,
        traffic TEXT, connection TEXT, status TEXT)
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
              percentile_cont(0.99) WITHIN GROUP (ORDER BY tcp_total) AS p99_tcp_total
            FROM traffic_sample WHERE ts >= $1 AND ts < $2 GROUP BY 1, 2),
          t AS (INSERT INTO %1$I (%3$s) SELECT %3$s FROM r)%5$s
          INSERT INTO %2$I (%4$s) SELECT %4$s FROM r$q$,
          traffic, connection, traffic_columns, connection_columns, status_insert)
          USING b0, to_ts, width;
      END $pass$;

    CREATE OR REPLACE FUNCTION levee_refresh_minutes(from_ts TIMESTAMPTZ, to_ts TIMESTAMPTZ)
      RETURNS void LANGUAGE sql AS $minutes$
        SELECT levee_refresh_pass(INTERVAL '1 minute', from_ts, to_ts, 'traffic_1m', 'connection_1m', 'node_status_1m')
      $minutes$;

    CREATE OR REPLACE FUNCTION levee_refresh_hours(from_ts TIMESTAMPTZ, to_ts TIMESTAMPTZ)
      RETURNS void LANGUAGE plpgsql AS $hours$
      DECLARE d TIMESTAMPTZ := date_bin(INTERVAL '1 day', from_ts, TIMESTAMPTZ 'epoch');
      BEGIN
        PERFORM levee_refresh_pass(INTERVAL '1 hour', from_ts, to_ts, 'traffic_1h', 'connection_1h', NULL);
        DELETE FROM node_status_1d WHERE bucket >= d AND bucket < to_ts;
        INSERT INTO node_status_1d SELECT node_id, date_bin(INTERVAL '1 day', bucket, TIMESTAMPTZ 'epoch') AS b,
          count(*)::integer, (count(*) FILTER (WHERE attack))::integer
          FROM node_status_1m WHERE bucket >= d AND bucket < to_ts GROUP BY node_id, b;
      END $hours$;
  END IF;
END
$single$;
