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

/** Each column, its array type and its value of a row. */
const COLUMNS: readonly (readonly [string, string, (r: StoredRow) => unknown])[] = [
  ["node_id", "uuid", (r) => r.nodeId],
  ["ts", "timestamptz", (r) => r.ts.toISOString()],
  ["interface", "text", (r) => r.interface],
  ["rx_pps", "float8", (r) => r.rxPps],
  ["rx_bps", "float8", (r) => r.rxBps],
  ["tx_pps", "float8", (r) => r.txPps],
  ["tx_bps", "float8", (r) => r.txBps],
  ["tcp_pps", "float8", (r) => r.tcpPps],
  ["udp_pps", "float8", (r) => r.udpPps],
  ["icmp_pps", "float8", (r) => r.icmpPps],
  ["other_pps", "float8", (r) => r.otherPps],
  ["syn_recv", "int4", (r) => r.synRecv],
  ["tcp_established", "int4", (r) => r.tcpEstablished],
  ["tcp_total", "int4", (r) => r.tcpTotal],
  ["attack", "bool", (r) => r.attack],
  ["capture", "jsonb", (r) => (r.capture ? JSON.stringify(r.capture) : null)],
];

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
 * samples write nothing else, and marks never update a shared row (ON CONFLICT DO NOTHING).
 */
const INSERT_MARKING_LATE = prepared(`WITH stored AS (${insertReturning(`node_id, ts, ${STORED_MS}`)}),
  late AS (INSERT INTO rollup_late (tier, bucket)
             SELECT DISTINCT 'minute', date_bin(INTERVAL '1 minute', ts, TIMESTAMPTZ 'epoch') FROM stored
              WHERE ts < date_bin(INTERVAL '1 minute', now() - INTERVAL '${LATE_GRACE_MS} milliseconds', TIMESTAMPTZ 'epoch')
           ON CONFLICT DO NOTHING)
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
    const inserted = await this.sql.query<{ node_id: string; ms: number }>(this.statement, columnsOf(rows));
    // Each stored row is credited once, to the first call that carried it.
    const fresh = new Set(inserted.map((r) => `${r.node_id}@${r.ms}`));
    for (const p of batch) {
      let count = 0;
      for (const r of p.rows) if (fresh.delete(`${r.nodeId}@${r.ts.getTime()}`)) count++;
      p.resolve(count);
    }
  }
}

/** The rows as one array per column, in COLUMNS' order (filled column by column: no array per row). */
function columnsOf(rows: StoredRow[]): unknown[][] {
  return COLUMNS.map(([, , value]) => {
    const column = new Array<unknown>(rows.length);
    for (let i = 0; i < rows.length; i++) column[i] = value(rows[i] as StoredRow);
    return column;
  });
}
