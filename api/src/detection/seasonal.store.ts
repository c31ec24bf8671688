import { isValidTimeZone } from "@levee/shared/time-zones";
import { prepared, type SqlClient } from "../db/sql-client.ts";
import type { TrafficMetric } from "./metrics.ts";
import {
  type HourlyRow,
  hourOf,
  SEASONAL_WEEKS,
  type SeasonalHour,
  type SeasonalP99,
  seasonalBuckets,
  seasonalP99,
  seasonalWeek,
} from "./seasonal.ts";

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

const NODE_WEEKS = prepared(
  `${SELECT} WHERE t.node_id = $1::uuid AND t.bucket >= $2::timestamptz AND t.bucket < $3::timestamptz`,
);

const TIME_ZONES = prepared(
  `SELECT n.id AS node_id, w.time_zone FROM node n JOIN workspace w ON w.id = n.workspace_id
    WHERE n.id = ANY($1::uuid[])`,
);

/**
 * The seasonal p99s of these nodes for one hour (epoch ms / 1 h), from the hourly rollups: each
 * node's buckets are the same local hour of earlier weeks in its workspace's time zone
 * (seasonalBuckets). The nodes whose zones give the same buckets (every node of a zone, and zones
 * that keep the same offsets) are read in one statement, by primary key on plain PostgreSQL and by
 * the aggregate's index on TimescaleDB (both keep the relation names traffic_1h and
 * connection_1h), with their buckets as constants, so TimescaleDB reads only their chunks. One
 * statement for the buckets of every zone read every node's rows in all of them: nodes in eight
 * zones, eight times the rows, at every hour's turn. Nodes without history are absent.
 */
export async function loadSeasonalMany(
  sql: SqlClient,
  nodeIds: string[],
  hour: number,
): Promise<Map<string, SeasonalP99>> {
  const zones = await sql.query<{ node_id: string; time_zone: string }>(TIME_ZONES, [nodeIds]);
  const bucketsByZone = new Map<string, string[]>();
  const nodesByBuckets = new Map<string, { buckets: string[]; nodeIds: string[] }>();
  for (const { node_id, time_zone } of zones) {
    let buckets = bucketsByZone.get(time_zone);
    if (!buckets) {
      buckets = zonedBuckets(hour, time_zone).map((b) => b.toISOString());
      bucketsByZone.set(time_zone, buckets);
    }
    const key = buckets.join();
    const group = nodesByBuckets.get(key) ?? { buckets, nodeIds: [] };
    group.nodeIds.push(node_id);
    nodesByBuckets.set(key, group);
  }
  const reads = [...nodesByBuckets.values()].map((group) =>
    sql.query<Row>(SEASONAL_MANY, [group.nodeIds, group.buckets]),
  );
  const byNode = new Map<string, HourlyRow[]>();
  for (const rows of await Promise.all(reads))
    for (const r of rows) byNode.set(r.node_id, [...(byNode.get(r.node_id) ?? []), hourlyRow(r)]);
  return new Map([...byNode].map(([nodeId, hourly]) => [nodeId, seasonalP99(hourly)]));
}

/**
 * One node's seasonal week (seasonalWeek) in its workspace's time zone, from the hourly rollups of
 * the four weeks before the hour `now` falls in and the two hours before them (a week across a
 * daylight-saving change is up to two hours longer): at most 674 rows, by the rollups' index.
 */
export async function loadSeasonalWeek(
  sql: SqlClient,
  nodeId: string,
  metric: TrafficMetric,
  timeZone: string,
  now = Date.now(),
): Promise<SeasonalHour[]> {
  const hour = hourOf(now);
  const hourStart = hour * 3_600_000;
  const from = hourStart - (SEASONAL_WEEKS * 7 * 24 + 2) * 3_600_000;
  const rows = await sql.query<Row>(NODE_WEEKS, [
    nodeId,
    new Date(from).toISOString(),
    new Date(hourStart).toISOString(),
  ]);
  // As zonedBuckets: a zone edited by hand into the row, unknown here, reads as UTC.
  return seasonalWeek(rows.map(hourlyRow), metric, isValidTimeZone(timeZone) ? timeZone : "UTC", hour);
}

/**
 * The buckets in `zone`, or in UTC where this Node does not know it: updateWorkspace refuses such a
 * zone, but a row edited by hand must not cost every node of the batch its seasonal baseline.
 */
function zonedBuckets(hour: number, zone: string): Date[] {
  return seasonalBuckets(hour, undefined, isValidTimeZone(zone) ? zone : "UTC");
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
  // SYN_COOKIES has none: listen_queue_1h keeps the cookies' avg and max, no p99 (a continuous
  // aggregate cannot gain one without being dropped), and an hour's max would be a laxer
  // threshold than the p99s the other metrics use. Its learned p99 or its floor sets it.
  return {
    bucket: new Date(r.bucket),
    samples: Number(r.samples),
    attackSeconds: Number(r.attack_seconds),
    p99,
  };
}
