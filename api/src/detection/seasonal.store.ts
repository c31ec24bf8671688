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

/**
 * The seasonal p99s of these nodes for one hour (epoch ms / 1 h), from the hourly rollups, in one
 * statement: four buckets a node by primary key on plain PostgreSQL and by the aggregate's index
 * on TimescaleDB (both keep the relation names traffic_1h and connection_1h). Nodes without
 * history are absent.
 */
export async function loadSeasonalMany(
  sql: SqlClient,
  nodeIds: string[],
  hour: number,
): Promise<Map<string, SeasonalP99>> {
  const rows = await sql.query<Row>(SEASONAL_MANY, [
    nodeIds,
    seasonalBuckets(hour).map((b) => b.toISOString()),
  ]);
  const byNode = new Map<string, HourlyRow[]>();
  for (const r of rows) byNode.set(r.node_id, [...(byNode.get(r.node_id) ?? []), hourlyRow(r)]);
  return new Map([...byNode].map(([nodeId, hourly]) => [nodeId, seasonalP99(hourly)]));
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
