import { prepared, type SqlClient } from "../db/sql-client.ts";
import { type HourlyRow, type SeasonalP99, seasonalBuckets, seasonalP99 } from "./seasonal.ts";

type Row = {
  node_id: string;
  bucket: Date;
  samples: number;
  attack_seconds: number;
  p99_pps: number;
  p99_bps: number;
  p99_tcp_pps: number;
  p99_udp_pps: number;
  p99_icmp_pps: number;
  p99_syn_recv: number | null;
  p99_tcp_established: number | null;
  p99_tcp_total: number | null;
};

const SELECT = `SELECT t.node_id, t.bucket, t.samples, t.attack_seconds, t.p99_pps, t.p99_bps, t.p99_tcp_pps,
            t.p99_udp_pps, t.p99_icmp_pps, c.p99_syn_recv, c.p99_tcp_established, c.p99_tcp_total
       FROM traffic_1h t LEFT JOIN connection_1h c ON c.node_id = t.node_id AND c.bucket = t.bucket`;

const SEASONAL_MANY = prepared(
  `${SELECT} WHERE t.node_id = ANY($1::uuid[]) AND t.bucket = ANY($2::timestamptz[])`,
);

const TIME_ZONES = prepared(
  `SELECT n.id AS node_id, w.time_zone FROM node n JOIN workspace w ON w.id = n.workspace_id
    WHERE n.id = ANY($1::uuid[])`,
);

/**
 * The seasonal p99s of these nodes for one hour (epoch ms / 1 h), from the hourly rollups: each
 * node's buckets are the same local hour of earlier weeks in its workspace's time zone
 * (seasonalBuckets). One statement reads them all, by primary key on plain PostgreSQL and by the
 * aggregate's index on TimescaleDB (both keep the relation names traffic_1h and connection_1h),
 * with the buckets as constants, so TimescaleDB reads only their chunks: the buckets of every zone
 * among the nodes, each node keeping its own. Nodes without history are absent.
 */
export async function loadSeasonalMany(
  sql: SqlClient,
  nodeIds: string[],
  hour: number,
): Promise<Map<string, SeasonalP99>> {
  const zones = await sql.query<{ node_id: string; time_zone: string }>(TIME_ZONES, [nodeIds]);
  const bucketsByZone = new Map<string, Set<number>>();
  const nodeBuckets = new Map<string, Set<number>>();
  for (const { node_id, time_zone } of zones) {
    let buckets = bucketsByZone.get(time_zone);
    if (!buckets) {
      buckets = new Set(zonedBuckets(hour, time_zone).map((b) => b.getTime()));
      bucketsByZone.set(time_zone, buckets);
    }
    nodeBuckets.set(node_id, buckets);
  }
  if (nodeBuckets.size === 0) return new Map();
  const all = new Set([...bucketsByZone.values()].flatMap((buckets) => [...buckets]));
  const rows = await sql.query<Row>(SEASONAL_MANY, [
    [...nodeBuckets.keys()],
    [...all].map((ms) => new Date(ms).toISOString()),
  ]);
  const byNode = new Map<string, HourlyRow[]>();
  for (const r of rows) {
    if (!nodeBuckets.get(r.node_id)?.has(new Date(r.bucket).getTime())) continue;
    byNode.set(r.node_id, [...(byNode.get(r.node_id) ?? []), hourlyRow(r)]);
  }
  return new Map([...byNode].map(([nodeId, hourly]) => [nodeId, seasonalP99(hourly)]));
}

/**
 * The buckets in `zone`, or in UTC where this Node does not know it: updateWorkspace refuses such a
 * zone, but a row edited by hand must not cost every node of the batch its seasonal baseline.
 */
function zonedBuckets(hour: number, zone: string): Date[] {
  try {
    return seasonalBuckets(hour, undefined, zone);
  } catch {
    return seasonalBuckets(hour);
  }
}

function hourlyRow(r: Row): HourlyRow {
  const p99: HourlyRow["p99"] = {
    PPS: Number(r.p99_pps),
    BPS: Number(r.p99_bps),
    TCP_PPS: Number(r.p99_tcp_pps),
    UDP_PPS: Number(r.p99_udp_pps),
    ICMP_PPS: Number(r.p99_icmp_pps),
  };
  if (r.p99_syn_recv !== null) p99.SYN_RECV = Number(r.p99_syn_recv);
  if (r.p99_tcp_established !== null) p99.TCP_ESTABLISHED = Number(r.p99_tcp_established);
  if (r.p99_tcp_total !== null) p99.TCP_SOCKETS = Number(r.p99_tcp_total);
  return {
    bucket: new Date(r.bucket),
    samples: Number(r.samples),
    attackSeconds: Number(r.attack_seconds),
    p99,
  };
}
