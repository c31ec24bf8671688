import type { SqlClient } from "../db/sql-client.ts";

const DAY = 86_400_000;

export interface UptimeDay {
  date: Date;
  onlineMinutes: number;
  attackMinutes: number;
  /** Minutes the node existed that day (up to now for today). */
  expectedMinutes: number;
  uptimePercent: number | null;
}

export interface Uptime {
  days: UptimeDay[];
  uptimePercent: number | null;
  attackMinutes: number;
}

/**
 * Daily uptime from node_status_1d (a minute counts as online when it holds a sample):
 * pure arithmetic over the rows, so it is tested without a database.
 */
export function uptimeOf(
  rows: { bucket: Date; online_minutes: number; attack_minutes: number }[],
  createdAt: Date,
  days: number,
  now = new Date(),
): Uptime {
  const today = Math.floor(now.getTime() / DAY) * DAY;
  const byDay = new Map(rows.map((r) => [new Date(r.bucket).getTime(), r]));
  const out: UptimeDay[] = [];
  for (let i = days - 1; i >= 0; i--) {
    const start = today - i * DAY;
    const from = Math.max(start, createdAt.getTime());
    const to = Math.min(start + DAY, now.getTime());
    const row = byDay.get(start);
    const onlineMinutes = Number(row?.online_minutes ?? 0);
    // Samples prove the node existed (an agent may report before its node row was renamed or re-created).
    const expectedMinutes = Math.max(onlineMinutes, Math.ceil((to - from) / 60_000), 0);
    out.push({
      date: new Date(start),
      onlineMinutes,
      attackMinutes: Number(row?.attack_minutes ?? 0),
      expectedMinutes,
      uptimePercent: expectedMinutes > 0 ? (100 * onlineMinutes) / expectedMinutes : null,
    });
  }
  const expected = out.reduce((sum, d) => sum + d.expectedMinutes, 0);
  const online = out.reduce((sum, d) => sum + d.onlineMinutes, 0);
  return {
    days: out,
    uptimePercent: expected > 0 ? (100 * online) / expected : null,
    attackMinutes: out.reduce((sum, d) => sum + d.attackMinutes, 0),
  };
}

export async function nodeUptime(
  sql: SqlClient,
  node: { id: string; createdAt: Date },
  days: number,
  now = new Date(),
): Promise<Uptime> {
  const since = new Date(Math.floor(now.getTime() / DAY) * DAY - (days - 1) * DAY);
  const rows = await sql.query<{ bucket: Date; online_minutes: number; attack_minutes: number }>(
    "SELECT bucket, online_minutes, attack_minutes FROM node_status_1d WHERE node_id = $1 AND bucket >= $2",
    [node.id, since],
  );
  return uptimeOf(rows, node.createdAt, days, now);
}
