import { prepared, type SqlClient } from "../db/sql-client.ts";
import type { BaselineStats } from "./baseline.ts";
import { TRAFFIC_METRICS, type TrafficMetric } from "./metrics.ts";

export type NodeStats = Record<TrafficMetric, BaselineStats>;

const SAVE_STATS = prepared(
  `INSERT INTO node_baseline (node_id, metric, samples, avg, p95, p99, updated_at)
   SELECT n, m::"TrafficMetric", s, a, p95, p99, now()
     FROM unnest($1::uuid[], $2::text[], $3::int4[], $4::float8[], $5::float8[], $6::float8[]) AS u(n, m, s, a, p95, p99)
   ON CONFLICT (node_id, metric) DO UPDATE SET samples = EXCLUDED.samples, avg = EXCLUDED.avg,
     p95 = EXCLUDED.p95, p99 = EXCLUDED.p99, updated_at = EXCLUDED.updated_at`,
);
const TOUCH_NODES = prepared("UPDATE node SET last_seen_at = now() WHERE id = ANY($1::uuid[])");

/** Saves learned statistics of many nodes (one row per node and metric) in one statement. */
export async function persistBaselines(sql: SqlClient, byNode: Map<string, NodeStats>): Promise<void> {
  const nodes: string[] = [];
  const metrics: string[] = [];
  const samples: number[] = [];
  const avg: number[] = [];
  const p95: number[] = [];
  const p99: number[] = [];
  for (const [nodeId, stats] of byNode) {
    for (const metric of TRAFFIC_METRICS) {
      nodes.push(nodeId);
      metrics.push(metric);
      samples.push(stats[metric].samples);
      avg.push(stats[metric].avg);
      p95.push(stats[metric].p95);
      p99.push(stats[metric].p99);
    }
  }
  await sql.query(SAVE_STATS, [nodes, metrics, samples, avg, p95, p99]);
}

/** Marks nodes as seen now (lastSeenAt), many in one statement. */
export async function touchNodes(sql: SqlClient, nodeIds: string[]): Promise<void> {
  await sql.query(TOUCH_NODES, [nodeIds]);
}
