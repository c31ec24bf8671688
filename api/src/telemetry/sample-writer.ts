import { type PreparedStatement, prepared, type SqlClient } from "../db/sql-client.ts";
import type { Logger } from "../logging/logger.ts";
import { LATE_GRACE_MS } from "./rollup-windows.ts";
import type { TelemetryRow } from "./sample-input.ts";

export interface StoredRow extends TelemetryRow {
  nodeId: string;
  attack: boolean;
}

interface Pending {
  rows: StoredRow[];
  resolve: (inserted: number) => void;
  reject: (error: unknown) => void;
}

/**
 * Each column, its array type and its value of a row as an element of an array literal: numbers
 * and times as they print (no character an array literal reserves), text quoted. The driver
 * would quote and escape every element of every column on its own (~4 % of the API's CPU in the
 * single-sample ceiling); the columns are one string each instead.
 */
const COLUMNS: readonly (readonly [string, string, (r: StoredRow) => string])[] = [
  ["node_id", "uuid", (r) => r.nodeId],
  ["ts", "timestamptz", (r) => r.ts.toISOString()],
  ["interface", "text", (r) => quoted(r.interface)],
  ["rx_pps", "float8", (r) => numeric(r.rxPps)],
  ["rx_bps", "float8", (r) => numeric(r.rxBps)],
  ["tx_pps", "float8", (r) => numeric(r.txPps)],
  ["tx_bps", "float8", (r) => numeric(r.txBps)],
  ["tcp_pps", "float8", (r) => numeric(r.tcpPps)],
  ["udp_pps", "float8", (r) => numeric(r.udpPps)],
  ["icmp_pps", "float8", (r) => numeric(r.icmpPps)],
  ["other_pps", "float8", (r) => numeric(r.otherPps)],
  ["syn_recv", "int4", (r) => numeric(r.synRecv)],
  ["tcp_established", "int4", (r) => numeric(r.tcpEstablished)],
  ["tcp_total", "int4", (r) => numeric(r.tcpTotal)],
  ["syncookies_sent", "float8", (r) => numeric(r.syncookiesSent)],
  ["syncookies_recv", "float8", (r) => numeric(r.syncookiesRecv)],
  ["syncookies_failed", "float8", (r) => numeric(r.syncookiesFailed)],
  ["listen_overflows", "float8", (r) => numeric(r.listenOverflows)],
  ["listen_drops", "float8", (r) => numeric(r.listenDrops)],
  ["attack", "bool", (r) => (r.attack ? "t" : "f")],
  ["capture", "jsonb", (r) => (r.capture ? quoted(JSON.stringify(r.capture)) : "NULL")],
];

/** An array literal's element for a text value: quoted, its backslashes and quotes escaped. */
function quoted(value: string): string {
  return `"${value.replace(/[\\"]/g, "\\$&")}"`;
}

/** A number as an array literal's element (NULL for none, as the driver wrote it). */
function numeric(value: number | null | undefined): string {
  return value == null ? "NULL" : String(value);
}

/**
 * A stored row's time as epoch milliseconds (a float8 the driver reads as a number): each call's
 * rows are matched to those stored by it, and parsing a timestamp per row for that was a cost of
 * every report. Rounded: a sample's time has whole milliseconds (it came from a JS Date).
 */
const STORED_MS = "round(extract(epoch FROM ts) * 1000)::float8 AS ms";

const insertReturning = (
  returning: string,
) => `INSERT INTO traffic_sample (${COLUMNS.map(([c]) => c).join(", ")})
  SELECT * FROM unnest(${COLUMNS.map(([, type], i) => `$${i + 1}::${type}[]`).join(", ")})
  ON CONFLICT (node_id, ts) DO NOTHING
  RETURNING ${returning}`;
const INSERT = prepared(insertReturning(`node_id, ${STORED_MS}`));

/**
 * Plain PostgreSQL: a sample whose minute ended (with the grace of rollups.ts) before this
 * transaction began is late: its bucket is marked in rollup_late for the next minute job. On-time
 * samples write nothing else. Marks have no key, so a mark never waits for the minute job's
 * transaction (it deletes the marks it takes): a key would queue this whole statement, the
 * on-time samples batched with it included, until that job commits.
 */
const INSERT_MARKING_LATE = prepared(`WITH stored AS (${insertReturning(`node_id, ts, ${STORED_MS}`)}),
  late AS (INSERT INTO rollup_late (tier, bucket)
             SELECT DISTINCT 'minute', date_bin(INTERVAL '1 minute', ts, TIMESTAMPTZ 'epoch') FROM stored
              WHERE ts < date_bin(INTERVAL '1 minute', now() - INTERVAL '${LATE_GRACE_MS} milliseconds', TIMESTAMPTZ 'epoch'))
  SELECT node_id, ms FROM stored`);

/**
 * Write-behind buffer for traffic_sample: rows from concurrent reportTelemetry calls are
 * gathered for at most flushMs (or until maxBatch rows) and stored by one multi-row INSERT
 * (unnest of column arrays, ON CONFLICT DO NOTHING: replays never duplicate). A call's
 * promise resolves after its rows are committed, with how many were new.
 */
export class SampleWriter {
  private pending: Pending[] = [];
  private pendingRows = 0;
  private timer: NodeJS.Timeout | null = null;
  private inFlight = new Set<Promise<void>>();
  private closed = false;
  private readonly writeTimers: ((seconds: number) => void)[] = [];

  private readonly statement: PreparedStatement;

  constructor(
    private readonly sql: SqlClient,
    private readonly options: {
      flushMs: number;
      maxBatch: number;
      timescale: boolean;
      /** Told after each stored call (no error) or failed one (health listens). */
      onOutcome?: (error?: unknown) => void;
    },
    private readonly logger: Logger,
  ) {
    this.statement = options.timescale ? INSERT : INSERT_MARKING_LATE;
  }

  write(rows: StoredRow[]): Promise<number> {
    if (this.closed) return Promise.reject(new Error("telemetry writer is closed"));
    if (rows.length === 0) return Promise.resolve(0);
    return new Promise((resolve, reject) => {
      this.pending.push({ rows, resolve, reject });
      this.pendingRows += rows.length;
      if (this.pendingRows >= this.options.maxBatch) this.flush();
      else this.timer ??= setTimeout(() => this.flush(), this.options.flushMs);
    });
  }

  /** Told each batch's time from INSERT to commit, in seconds (metrics listen). */
  timeWrites(listener: (seconds: number) => void): void {
    this.writeTimers.push(listener);
  }

  /** Starts writing everything buffered now. */
  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.pending.length === 0) return;
    const batch = this.pending;
    this.pending = [];
    this.pendingRows = 0;
    const done = this.store(batch).finally(() => this.inFlight.delete(done));
    this.inFlight.add(done);
  }

  async close(): Promise<void> {
    this.closed = true;
    this.flush();
    await Promise.allSettled([...this.inFlight]);
  }

  private async store(batch: Pending[]): Promise<void> {
    try {
      await this.insert(batch);
      this.options.onOutcome?.();
    } catch (error) {
      if (batch.length === 1) {
        this.logger.error({ err: error, rows: batch[0]?.rows.length }, "storing telemetry failed");
        this.options.onOutcome?.(error);
        batch[0]?.reject(error);
        return;
      }
      // One bad call (a value PostgreSQL refuses, say) must not fail the others it was batched
      // with: store each call on its own.
      for (const pending of batch) await this.store([pending]);
    }
  }

  private async insert(batch: Pending[]): Promise<void> {
    const rows = batch.flatMap((p) => p.rows);
    const started = performance.now();
    const inserted = await this.sql.query<{ node_id: string; ms: number }>(this.statement, columnsOf(rows));
    const seconds = (performance.now() - started) / 1000;
    for (const listener of this.writeTimers) listener(seconds);
    // Each stored row is credited once, to the first call that carried it.
    const fresh = new Set(inserted.map((r) => `${r.node_id}@${r.ms}`));
    for (const p of batch) {
      let count = 0;
      for (const r of p.rows) if (fresh.delete(`${r.nodeId}@${r.ts.getTime()}`)) count++;
      p.resolve(count);
    }
  }
}

/** The rows as one array literal per column, in COLUMNS' order (filled column by column). */
function columnsOf(rows: StoredRow[]): string[] {
  return COLUMNS.map(([, , element]) => {
    let literal = "{";
    for (let i = 0; i < rows.length; i++) literal += (i === 0 ? "" : ",") + element(rows[i] as StoredRow);
    return `${literal}}`;
  });
}
