import type { SqlClient } from "../db/sql-client.ts";
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

const COLUMNS = [
  ["node_id", "uuid"],
  ["ts", "timestamptz"],
  ["interface", "text"],
  ["rx_pps", "float8"],
  ["rx_bps", "float8"],
  ["tx_pps", "float8"],
  ["tx_bps", "float8"],
  ["tcp_pps", "float8"],
  ["udp_pps", "float8"],
  ["icmp_pps", "float8"],
  ["other_pps", "float8"],
  ["syn_recv", "int4"],
  ["tcp_established", "int4"],
  ["tcp_total", "int4"],
  ["attack", "bool"],
  ["capture", "jsonb"],
] as const;

const INSERT = `INSERT INTO traffic_sample (${COLUMNS.map(([c]) => c).join(", ")})
  SELECT * FROM unnest(${COLUMNS.map(([, type], i) => `$${i + 1}::${type}[]`).join(", ")})
  ON CONFLICT (node_id, ts) DO NOTHING
  RETURNING node_id, ts`;

/**
 * Plain PostgreSQL: a sample whose minute ended (with the grace of rollups.ts) before this
 * transaction began is late: its bucket is marked in rollup_late for the next minute job. On-time
 * samples write nothing else, and marks never update a shared row (ON CONFLICT DO NOTHING).
 */
const INSERT_MARKING_LATE = `WITH stored AS (${INSERT}),
  late AS (INSERT INTO rollup_late (tier, bucket)
             SELECT DISTINCT 'minute', date_bin(INTERVAL '1 minute', ts, TIMESTAMPTZ 'epoch') FROM stored
              WHERE ts < date_bin(INTERVAL '1 minute', now() - INTERVAL '${LATE_GRACE_MS} milliseconds', TIMESTAMPTZ 'epoch')
           ON CONFLICT DO NOTHING)
  SELECT node_id, ts FROM stored`;

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

  private readonly statement: string;

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
      // One bad call (a node deleted mid-request, say) must not fail the others it was
      // batched with: store each call on its own.
      for (const pending of batch) await this.store([pending]);
    }
  }

  private async insert(batch: Pending[]): Promise<void> {
    const rows = batch.flatMap((p) => p.rows);
    const inserted = await this.sql.query<{ node_id: string; ts: Date }>(this.statement, columnsOf(rows));
    // Each stored row is credited once, to the first call that carried it.
    const fresh = new Set(inserted.map((r) => `${r.node_id}@${new Date(r.ts).getTime()}`));
    for (const p of batch) {
      let count = 0;
      for (const r of p.rows) if (fresh.delete(`${r.nodeId}@${r.ts.getTime()}`)) count++;
      p.resolve(count);
    }
  }
}

function columnsOf(rows: StoredRow[]): unknown[][] {
  const cols: unknown[][] = COLUMNS.map(() => new Array(rows.length));
  rows.forEach((r, i) => {
    const values = [
      r.nodeId,
      r.ts.toISOString(),
      r.interface,
      r.rxPps,
      r.rxBps,
      r.txPps,
      r.txBps,
      r.tcpPps,
      r.udpPps,
      r.icmpPps,
      r.otherPps,
      r.synRecv,
      r.tcpEstablished,
      r.tcpTotal,
      r.attack,
      r.capture ? JSON.stringify(r.capture) : null,
    ];
    values.forEach((v, c) => {
      (cols[c] as unknown[])[i] = v;
    });
  });
  return cols;
}
