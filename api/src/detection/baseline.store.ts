import type { AppServices } from "../context.ts";
import type { BaselineStats } from "./baseline.ts";
import { TRAFFIC_METRICS, type TrafficMetric } from "./metrics.ts";

/** Saves a node's learned statistics (one row per metric) so dashboards and other instances see them. */
export async function persistBaselines(
  services: AppServices,
  nodeId: string,
  stats: Record<TrafficMetric, BaselineStats>,
): Promise<void> {
  const metrics = [...TRAFFIC_METRICS];
  await services.database.sql.query(
    `INSERT INTO node_baseline (node_id, metric, samples, avg, p95, p99, updated_at)
     SELECT $1::uuid, m::"TrafficMetric", s, a, p95, p99, now()
       FROM unnest($2::text[], $3::int4[], $4::float8[], $5::float8[], $6::float8[]) AS u(m, s, a, p95, p99)
     ON CONFLICT (node_id, metric) DO UPDATE SET samples = EXCLUDED.samples, avg = EXCLUDED.avg,
       p95 = EXCLUDED.p95, p99 = EXCLUDED.p99, updated_at = EXCLUDED.updated_at`,
    [
      nodeId,
      metrics,
      metrics.map((m) => stats[m].samples),
      metrics.map((m) => stats[m].avg),
      metrics.map((m) => stats[m].p95),
      metrics.map((m) => stats[m].p99),
    ],
  );
}
