/**
 * What the API's threads and the process's main thread say to each other (API_THREADS > 1).
 * Each thread is a whole API (its own pools, jobs, detection state, Redis pub/sub); these
 * messages only start, stop and observe them.
 */
export type ThreadMessage =
  /** The thread listens; thread 0 says on which socket (`fd`) the others are to accept. */
  | { type: "listening"; fd?: number | undefined; port: number }
  /** Drained and closed (database, Redis, jobs): the process may end once every thread said it. */
  | { type: "closed"; code: number }
  /** A scrape of /metrics on this thread wants every other thread's figures. */
  | { type: "metrics-request"; id: number }
  /** This thread's figures, for a scrape on another (answer to metrics-collect). */
  | { type: "metrics"; id: number; metrics: ThreadMetrics };

export type SupervisorMessage =
  | { type: "stop"; signal: string }
  | { type: "metrics-collect"; id: number }
  /** The other threads' figures for this thread's scrape (a thread late to answer: its last ones). */
  | { type: "metrics-gathered"; id: number; threads: ThreadMetrics[] };

/** What a thread is started with (workerData). */
export interface ThreadData {
  index: number;
  /** The listening socket thread 0 bound; absent for thread 0 itself. */
  fd?: number;
}

/** One thread's `registry.getMetricsAsJSON()` (plain data: it crosses threads by structured clone). */
export type ThreadMetrics = object[];
