import type { SqlClient } from "../db/sql-client.ts";
import type { EnqueueOptions } from "./job-queue.ts";

/** An exhausted in-process job as kept in `failed_job`: enough to show it and to run it again. */
export interface StoredFailedJob {
  id: string;
  name: string;
  payload: string;
  attempts: number;
  maxAttempts: number;
  backoffMs: number;
  error: string;
  failedAt: Date;
}

/** The embedded queue's failed jobs in the database, so a restart does not forget them. */
export class FailedJobStore {
  constructor(private readonly sql: SqlClient) {}

  async save(job: StoredFailedJob, keep: number): Promise<void> {
    await this.sql.transaction(async (tx) => {
      await tx.query(
        `INSERT INTO failed_job (id, name, payload, attempts, max_attempts, backoff_ms, error, failed_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
         ON CONFLICT (id) DO UPDATE SET attempts = EXCLUDED.attempts, error = EXCLUDED.error,
           failed_at = EXCLUDED.failed_at`,
        [
          job.id,
          job.name,
          job.payload,
          job.attempts,
          job.maxAttempts,
          job.backoffMs,
          job.error,
          job.failedAt,
        ],
      );
      // The newest `keep` only, like the in-memory list.
      await tx.query(
        `DELETE FROM failed_job WHERE id IN (
           SELECT id FROM failed_job ORDER BY failed_at DESC, id OFFSET $1)`,
        [keep],
      );
    });
  }

  async remove(id: string): Promise<void> {
    await this.sql.query("DELETE FROM failed_job WHERE id = $1", [id]);
  }

  /** Oldest first, the newest `keep`. */
  async load(keep: number): Promise<StoredFailedJob[]> {
    const rows = await this.sql.query<{
      id: string;
      name: string;
      payload: string;
      attempts: number;
      max_attempts: number;
      backoff_ms: number;
      error: string;
      failed_at: Date | string;
    }>(
      `SELECT * FROM (SELECT * FROM failed_job ORDER BY failed_at DESC, id LIMIT $1) AS kept
       ORDER BY failed_at, id`,
      [keep],
    );
    return rows.map((row) => ({
      id: row.id,
      name: row.name,
      payload: row.payload,
      attempts: row.attempts,
      maxAttempts: row.max_attempts,
      backoffMs: row.backoff_ms,
      error: row.error,
      failedAt: new Date(row.failed_at),
    }));
  }
}

/** A job waiting in `job_outbox` for Redis to come back. */
export interface OutboxJob {
  id: string;
  name: string;
  payload: string;
  options: Pick<EnqueueOptions, "jobId" | "attempts" | "backoffMs">;
  runAt: Date;
}

/**
 * Jobs enqueued while Redis was unreachable. `relay` hands each to `add` under its own id, and deletes
 * it only after `add` succeeded; rows are claimed FOR UPDATE SKIP LOCKED, so API processes relaying at
 * the same time never add the same row together (and a repeated add of one id is a no-op in BullMQ).
 */
export class JobOutbox {
  constructor(private readonly sql: SqlClient) {}

  async put(job: OutboxJob): Promise<void> {
    await this.sql.query(
      "INSERT INTO job_outbox (id, name, payload, options, run_at) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (id) DO NOTHING",
      [job.id, job.name, job.payload, JSON.stringify(job.options), job.runAt],
    );
  }

  async count(): Promise<number> {
    const [row] = await this.sql.query<{ n: number | string }>("SELECT count(*) AS n FROM job_outbox");
    return Number(row?.n ?? 0);
  }

  /**
   * Relays up to `limit` oldest jobs; returns how many were handed over. The first failed add ends
   * the round: what was added before it is deleted (committed), the rest waits, and the error is thrown.
   */
  async relay(add: (job: OutboxJob) => Promise<void>, limit = 100): Promise<number> {
    let failure: unknown;
    const relayed = await this.sql.transaction(async (tx) => {
      const rows = await tx.query<{
        id: string;
        name: string;
        payload: string;
        options: OutboxJob["options"] | string;
        run_at: Date | string;
      }>(
        `SELECT id, name, payload, options, run_at FROM job_outbox
         ORDER BY seq LIMIT $1 FOR UPDATE SKIP LOCKED`,
        [limit],
      );
      let done = 0;
      for (const row of rows) {
        try {
          await add({
            id: row.id,
            name: row.name,
            payload: row.payload,
            options: typeof row.options === "string" ? JSON.parse(row.options) : row.options,
            runAt: new Date(row.run_at),
          });
        } catch (error) {
          failure = error;
          break;
        }
        await tx.query("DELETE FROM job_outbox WHERE id = $1", [row.id]);
        done++;
      }
      return done;
    });
    if (failure !== undefined) throw failure;
    return relayed;
  }
}
