-- Telemetry ingest, baselines and detection.
-- traffic_sample is a TimescaleDB hypertable when the extension is enabled; rollups
-- (traffic_1m, traffic_1h, node_status_1m, node_status_1d) are continuous aggregates there,
-- and plain tables with the same names and columns on PostgreSQL without TimescaleDB, kept
-- up to date by the rollup jobs through levee_refresh_minutes() / levee_refresh_hours().

CREATE TYPE "DetectionState" AS ENUM ('NORMAL', 'ELEVATED', 'ATTACK');
CREATE TYPE "TrafficMetric" AS ENUM ('PPS', 'BPS', 'TCP_PPS', 'UDP_PPS', 'ICMP_PPS');
CREATE TYPE "IncidentStatus" AS ENUM ('OPEN', 'RESOLVED');
CREATE TYPE "Severity" AS ENUM ('LOW', 'MEDIUM', 'HIGH', 'CRITICAL');

ALTER TABLE "node"
    ADD COLUMN "detection_multiplier" DOUBLE PRECISION NOT NULL DEFAULT 3,
    ADD COLUMN "detection_state" "DetectionState" NOT NULL DEFAULT 'NORMAL';

CREATE TABLE "traffic_sample" (
    "node_id" UUID NOT NULL,
    "ts" TIMESTAMPTZ(3) NOT NULL,
    "interface" TEXT NOT NULL,
    "rx_pps" DOUBLE PRECISION NOT NULL,
    "rx_bps" DOUBLE PRECISION NOT NULL,
    "tx_pps" DOUBLE PRECISION NOT NULL,
    "tx_bps" DOUBLE PRECISION NOT NULL,
    "tcp_pps" DOUBLE PRECISION NOT NULL,
    "udp_pps" DOUBLE PRECISION NOT NULL,
    "icmp_pps" DOUBLE PRECISION NOT NULL,
    "other_pps" DOUBLE PRECISION NOT NULL,
    "syn_recv" INTEGER NOT NULL,
    "tcp_established" INTEGER NOT NULL,
    "tcp_total" INTEGER NOT NULL,
    "attack" BOOLEAN NOT NULL DEFAULT false,
    "capture" JSONB,
    CONSTRAINT "traffic_sample_pkey" PRIMARY KEY ("node_id", "ts")
);
ALTER TABLE "traffic_sample" ADD CONSTRAINT "traffic_sample_node_id_fkey" FOREIGN KEY ("node_id") REFERENCES "node"("id") ON DELETE CASCADE ON UPDATE CASCADE;

CREATE TABLE "node_baseline" (
    "node_id" UUID NOT NULL,
    "metric" "TrafficMetric" NOT NULL,
    "samples" INTEGER NOT NULL,
    "avg" DOUBLE PRECISION NOT NULL,
    "p95" DOUBLE PRECISION NOT NULL,
    "p99" DOUBLE PRECISION NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,
    CONSTRAINT "node_baseline_pkey" PRIMARY KEY ("node_id", "metric")
);
ALTER TABLE "node_baseline" ADD CONSTRAINT "node_baseline_node_id_fkey" FOREIGN KEY ("node_id") REFERENCES "node"("id") ON DELETE CASCADE ON UPDATE CASCADE;

CREATE TABLE "node_threshold_override" (
    "node_id" UUID NOT NULL,
    "metric" "TrafficMetric" NOT NULL,
    "threshold" DOUBLE PRECISION NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "node_threshold_override_pkey" PRIMARY KEY ("node_id", "metric")
);
ALTER TABLE "node_threshold_override" ADD CONSTRAINT "node_threshold_override_node_id_fkey" FOREIGN KEY ("node_id") REFERENCES "node"("id") ON DELETE CASCADE ON UPDATE CASCADE;

CREATE TABLE "attack" (
    "id" UUID NOT NULL,
    "workspace_id" UUID NOT NULL,
    "started_at" TIMESTAMPTZ(3) NOT NULL,
    "ended_at" TIMESTAMPTZ(3),
    CONSTRAINT "attack_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "attack_workspace_id_started_at_idx" ON "attack"("workspace_id", "started_at");
ALTER TABLE "attack" ADD CONSTRAINT "attack_workspace_id_fkey" FOREIGN KEY ("workspace_id") REFERENCES "workspace"("id") ON DELETE CASCADE ON UPDATE CASCADE;

CREATE TABLE "incident" (
    "id" UUID NOT NULL,
    "workspace_id" UUID NOT NULL,
    "node_id" UUID NOT NULL,
    "attack_id" UUID NOT NULL,
    "status" "IncidentStatus" NOT NULL DEFAULT 'OPEN',
    "severity" "Severity" NOT NULL,
    "started_at" TIMESTAMPTZ(3) NOT NULL,
    "last_attack_at" TIMESTAMPTZ(3) NOT NULL,
    "ended_at" TIMESTAMPTZ(3),
    "peak_pps" DOUBLE PRECISION NOT NULL,
    "peak_bps" DOUBLE PRECISION NOT NULL,
    "peak_ratio" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "quiet_since" TIMESTAMPTZ(3),
    "trigger_metrics" "TrafficMetric"[],
    "thresholds" JSONB NOT NULL,
    "timeline" JSONB NOT NULL DEFAULT '[]',
    "classification" JSONB,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,
    CONSTRAINT "incident_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "incident_workspace_id_started_at_idx" ON "incident"("workspace_id", "started_at");
CREATE INDEX "incident_node_id_started_at_idx" ON "incident"("node_id", "started_at");
CREATE INDEX "incident_attack_id_idx" ON "incident"("attack_id");
-- One open incident per node, whatever the number of API instances.
CREATE UNIQUE INDEX "incident_one_open_per_node" ON "incident"("node_id") WHERE "status" = 'OPEN';
ALTER TABLE "incident" ADD CONSTRAINT "incident_workspace_id_fkey" FOREIGN KEY ("workspace_id") REFERENCES "workspace"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "incident" ADD CONSTRAINT "incident_node_id_fkey" FOREIGN KEY ("node_id") REFERENCES "node"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "incident" ADD CONSTRAINT "incident_attack_id_fkey" FOREIGN KEY ("attack_id") REFERENCES "attack"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Rollups. Columns (both engines): traffic_1m / traffic_1h: node_id, bucket, samples,
-- attack_seconds, then avg/max/p95/p99 of pps (rx), bps (rx), tcp_pps, udp_pps, icmp_pps,
-- other_pps, and avg of tx_pps / tx_bps. node_status_1m: node_id, bucket, samples, attack.
-- node_status_1d: node_id, bucket, online_minutes, attack_minutes.
DO $rollups$
DECLARE
  traffic_columns TEXT := $cols$
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
    avg(tx_pps) AS avg_tx_pps, avg(tx_bps) AS avg_tx_bps
  $cols$;
BEGIN
  IF EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'timescaledb') THEN
    PERFORM create_hypertable('traffic_sample', 'ts', chunk_time_interval => INTERVAL '1 day');
    EXECUTE 'ALTER TABLE traffic_sample SET (timescaledb.compress, timescaledb.compress_segmentby = ''node_id'', timescaledb.compress_orderby = ''ts DESC'')';
    PERFORM add_compression_policy('traffic_sample', INTERVAL '1 day');
    EXECUTE format($q$CREATE MATERIALIZED VIEW traffic_1m
      WITH (timescaledb.continuous, timescaledb.materialized_only = false) AS
      SELECT node_id, time_bucket(INTERVAL '1 minute', ts) AS bucket, %s
      FROM traffic_sample GROUP BY node_id, bucket WITH NO DATA$q$, traffic_columns);
    EXECUTE format($q$CREATE MATERIALIZED VIEW traffic_1h
      WITH (timescaledb.continuous, timescaledb.materialized_only = false) AS
      SELECT node_id, time_bucket(INTERVAL '1 hour', ts) AS bucket, %s
      FROM traffic_sample GROUP BY node_id, bucket WITH NO DATA$q$, traffic_columns);
    EXECUTE $q$CREATE MATERIALIZED VIEW node_status_1m
      WITH (timescaledb.continuous, timescaledb.materialized_only = false) AS
      SELECT node_id, time_bucket(INTERVAL '1 minute', ts) AS bucket,
             count(*)::integer AS samples, bool_or(attack) AS attack
      FROM traffic_sample GROUP BY node_id, bucket WITH NO DATA$q$;
    EXECUTE $q$CREATE MATERIALIZED VIEW node_status_1d
      WITH (timescaledb.continuous, timescaledb.materialized_only = false) AS
      SELECT node_id, time_bucket(INTERVAL '1 day', bucket) AS bucket,
             count(*)::integer AS online_minutes,
             count(*) FILTER (WHERE attack)::integer AS attack_minutes
      FROM node_status_1m GROUP BY node_id, time_bucket(INTERVAL '1 day', bucket) WITH NO DATA$q$;
  ELSE
    -- Plain PostgreSQL: same relation names as tables; the rollup jobs recompute the buckets
    -- that received samples since their last run, the retention job deletes expired rows.
    EXECUTE 'CREATE INDEX traffic_sample_ts_idx ON traffic_sample (ts)';
    EXECUTE format($q$CREATE TABLE traffic_1m AS SELECT node_id, ts AS bucket, %s
      FROM traffic_sample GROUP BY node_id, ts WITH NO DATA$q$, traffic_columns);
    EXECUTE format($q$CREATE TABLE traffic_1h AS SELECT node_id, ts AS bucket, %s
      FROM traffic_sample GROUP BY node_id, ts WITH NO DATA$q$, traffic_columns);
    EXECUTE 'ALTER TABLE traffic_1m ADD PRIMARY KEY (node_id, bucket)';
    EXECUTE 'ALTER TABLE traffic_1h ADD PRIMARY KEY (node_id, bucket)';
    EXECUTE $q$CREATE TABLE node_status_1m (node_id UUID NOT NULL, bucket TIMESTAMPTZ NOT NULL,
      samples INTEGER NOT NULL, attack BOOLEAN NOT NULL, PRIMARY KEY (node_id, bucket))$q$;
    EXECUTE $q$CREATE TABLE node_status_1d (node_id UUID NOT NULL, bucket TIMESTAMPTZ NOT NULL,
      online_minutes INTEGER NOT NULL, attack_minutes INTEGER NOT NULL, PRIMARY KEY (node_id, bucket))$q$;
    -- What changed since the last refresh: the telemetry writer lowers dirty_since in the
    -- statement that stores samples; the jobs take it and reset it.
    EXECUTE $q$CREATE TABLE rollup_watermark (name TEXT PRIMARY KEY, dirty_since TIMESTAMPTZ)$q$;
    EXECUTE $q$INSERT INTO rollup_watermark VALUES ('minute', NULL), ('hour', NULL)$q$;
    EXECUTE format($fn$CREATE FUNCTION levee_refresh_minutes(from_ts TIMESTAMPTZ, to_ts TIMESTAMPTZ)
      RETURNS void LANGUAGE plpgsql AS $body$
      DECLARE m TIMESTAMPTZ := date_bin(INTERVAL '1 minute', from_ts, TIMESTAMPTZ 'epoch');
      BEGIN
        DELETE FROM traffic_1m WHERE bucket >= m AND bucket < to_ts;
        INSERT INTO traffic_1m SELECT node_id, date_bin(INTERVAL '1 minute', ts, TIMESTAMPTZ 'epoch') AS b, %1$s
          FROM traffic_sample WHERE ts >= m AND ts < to_ts GROUP BY node_id, b;
        DELETE FROM node_status_1m WHERE bucket >= m AND bucket < to_ts;
        INSERT INTO node_status_1m SELECT node_id, date_bin(INTERVAL '1 minute', ts, TIMESTAMPTZ 'epoch') AS b,
          count(*)::integer, bool_or(attack) FROM traffic_sample WHERE ts >= m AND ts < to_ts GROUP BY node_id, b;
      END $body$$fn$, traffic_columns);
    EXECUTE format($fn$CREATE FUNCTION levee_refresh_hours(from_ts TIMESTAMPTZ, to_ts TIMESTAMPTZ)
      RETURNS void LANGUAGE plpgsql AS $body$
      DECLARE h TIMESTAMPTZ := date_bin(INTERVAL '1 hour', from_ts, TIMESTAMPTZ 'epoch');
              d TIMESTAMPTZ := date_bin(INTERVAL '1 day', from_ts, TIMESTAMPTZ 'epoch');
      BEGIN
        DELETE FROM traffic_1h WHERE bucket >= h AND bucket < to_ts;
        INSERT INTO traffic_1h SELECT node_id, date_bin(INTERVAL '1 hour', ts, TIMESTAMPTZ 'epoch') AS b, %1$s
          FROM traffic_sample WHERE ts >= h AND ts < to_ts GROUP BY node_id, b;
        DELETE FROM node_status_1d WHERE bucket >= d AND bucket < to_ts;
        INSERT INTO node_status_1d SELECT node_id, date_bin(INTERVAL '1 day', bucket, TIMESTAMPTZ 'epoch') AS b,
          count(*)::integer, (count(*) FILTER (WHERE attack))::integer
          FROM node_status_1m WHERE bucket >= d AND bucket < to_ts GROUP BY node_id, b;
      END $body$$fn$, traffic_columns);
  END IF;
END
$rollups$;
