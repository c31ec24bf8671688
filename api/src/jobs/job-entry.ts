import type { Config } from "../config.ts";
import type { AppServices } from "../services.ts";
import type { JobContext } from "./job-queue.ts";

/**
 * One row of the job table (job-table.ts): each domain's `*.jobs.ts` exports its rows, so a
 * domain adds a job without touching server.ts. `everyMs` makes the job periodic.
 */
export interface JobEntry<T = Record<string, never>> {
  name: string;
  run(services: AppServices, data: T, job: JobContext): Promise<unknown>;
  /** Runs side by side in one process; periodic sweeps use 1. */
  concurrency?: number;
  /** Repeat interval; a function when the interval is configured. */
  everyMs?: number | ((config: Config) => number);
  /**
   * Runs once when the jobs start, before the periodic ones are scheduled (which may be a while
   * later on the embedded engine): catching up on what a previous process left.
   */
  atStart?(services: AppServices): Promise<unknown>;
}

/** Erases the data type so rows of different jobs sit in one array. */
// biome-ignore lint/suspicious/noExplicitAny: the table holds jobs of different data types
export type AnyJobEntry = JobEntry<any>;

export const jobEntry = <T>(entry: JobEntry<T>): AnyJobEntry => entry;
