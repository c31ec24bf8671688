import { type DocumentNode, getOperationAST, type OperationDefinitionNode } from "graphql";
import type { Plugin } from "graphql-yoga";
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from "prom-client";
import type { SqlClient } from "../db/sql-client.ts";
import { AGENT_KEY_SHARE } from "../http/agent-load.ts";
import { type IncidentEventBacklog, incidentEventBacklog } from "../incidents/incident-event.store.ts";
import type { JobQueue } from "../jobs/index.ts";
import type { ThreadLink } from "../threads/thread-link.ts";

/**
 * One registry per server instance (tests run several in one process). With API_THREADS > 1
 * each thread has its own and a scrape on any of them sums them all (`text()`); the runtime's
 * own figures (CPU, memory, descriptors, the event loop) come from thread 0 alone (`processWide`):
 * CPU, memory and descriptors are the process's, the heap and event loop figures thread 0's.
 */
export function createMetrics(options: { processWide?: boolean; thread?: ThreadLink | undefined } = {}) {
  const registry = new Registry();
  if (options.processWide ?? true) collectDefaultMetrics({ register: registry, prefix: "levee_" });
  const { thread } = options;
  thread?.serveMetrics(registry);
  /** Prometheus text for GET /metrics. */
  const text = () => (thread ? thread.metricsOfAll(registry) : registry.metrics());
  const operations = new Counter({
    name: "levee_graphql_operations_total",
    help: "GraphQL operations executed, by first root field (not the client-chosen operation name), type and outcome",
    labelNames: ["operation", "type", "outcome"] as const,
    registers: [registry],
  });
  const duration = new Histogram({
    name: "levee_graphql_operation_duration_seconds",
    help: "GraphQL execution time",
    labelNames: ["type"] as const,
    buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [registry],
  });
  const http = new Counter({
    name: "levee_http_requests_total",
    help: "HTTP requests by route and status",
    labelNames: ["route", "status"] as const,
    registers: [registry],
  });

  const subscriptions = new Gauge({
    name: "levee_graphql_subscriptions_active",
    help: "graphql-ws subscriptions streaming on this process",
    registers: [registry],
  });

  const slowConsumers = new Counter({
    name: "levee_graphql_ws_slow_consumers_total",
    help: "graphql-ws sockets closed (1013) because more than WS_SEND_BUFFER_BYTES waited to be written",
    registers: [registry],
  });

  // Read at each scrape from the graphql-ws server (set once it is attached).
  let readAgentLoad = () => ({ operations: 0, held: 0 });
  new Gauge({
    name: "levee_graphql_ws_agent_operations",
    help: "Agent operations admitting or at work over this process's graphql-ws sockets (agent sockets are held past WS_PROCESS_MAX_OPERATIONS)",
    registers: [registry],
    collect() {
      this.set(readAgentLoad().operations);
    },
  });
  new Gauge({
    name: "levee_graphql_ws_sockets_held",
    help: "Agent graphql-ws sockets not read because WS_PROCESS_MAX_OPERATIONS agent operations are at work on this process",
    registers: [registry],
    collect() {
      this.set(readAgentLoad().held);
    },
  });
  const keyShareRefusals = new Counter({
    name: "levee_graphql_ws_key_share_refusals_total",
    help: `Agent graphql-ws operations refused because their API key had ${AGENT_KEY_SHARE} operations at work on this process`,
    registers: [registry],
  });
  const agentLoad = {
    collect(read: () => { operations: number; held: number }) {
      readAgentLoad = read;
    },
    refusedOverShare() {
      keyShareRefusals.inc();
    },
  };

  // How long a write-behind batch of samples took from its INSERT to the commit: agents' answers
  // wait for it, so a tail in their latency with the API's core not full shows here first.
  const telemetryWrites = new Histogram({
    name: "levee_telemetry_write_seconds",
    help: "Time from a batch of samples' INSERT to its commit (every report's answer waits for its batch)",
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [registry],
  });

  const subscriptionEvents = new Counter({
    name: "levee_graphql_subscription_event_executions_total",
    help: "Executions of a subscription event (one serves every subscriber of this process whose result is the same)",
    registers: [registry],
  });
  const sharedSubscriptionEvents = new Counter({
    name: "levee_graphql_subscription_events_shared_total",
    help: "Subscription events delivered with the result of another subscriber's execution",
    registers: [registry],
  });
  const subscriptionEventCounters = {
    executed: () => subscriptionEvents.inc(),
    shared: () => sharedSubscriptionEvents.inc(),
  };

  /**
   * Starts timing one execution; the function returned counts it once its result is known. The
   * plugin below and the agent's direct socket path (http/agent-reports.ts) share it.
   */
  const observe = (document: DocumentNode, operationName?: string | null) => {
    const started = performance.now();
    const op = getOperationAST(document, operationName);
    const type = op?.operation ?? "unknown";
    const operation = operationLabel(op);
    return (result: unknown) => {
      const failed =
        typeof result === "object" &&
        result !== null &&
        "errors" in result &&
        Array.isArray(result.errors) &&
        result.errors.length > 0;
      operations.inc({ operation, type, outcome: failed ? "error" : "ok" });
      duration.observe({ type }, (performance.now() - started) / 1000);
    };
  };

  const plugin: Plugin = {
    onExecute({ args }) {
      const done = observe(args.document, args.operationName);
      return { onExecuteDone: ({ result }) => done(result) };
    },
  };
  return {
    registry,
    text,
    plugin,
    observe,
    http,
    subscriptions,
    slowConsumers,
    agentLoad,
    telemetryWrites,
    subscriptionEventCounters,
  };
}

export type Metrics = ReturnType<typeof createMetrics>;

/**
 * Per job name: failed jobs kept (attempts exhausted; read from the queue at each scrape, so
 * with BullMQ it covers every API process) and this process's runs by outcome.
 */
export function registerJobMetrics(
  registry: Registry,
  jobs: JobQueue,
  options: { processWide?: boolean } = {},
): void {
  // The queue's failed jobs are the cluster's: one thread of a process reports them.
  if (options.processWide ?? true)
    new Gauge({
      name: "levee_jobs_failed",
      help: "Jobs kept as failed (attempts exhausted), per job name; retry them with retryFailedJob",
      labelNames: ["job"] as const,
      registers: [registry],
      async collect() {
        // Bounded by the queue (a stalled Redis fails it): the gauges then keep their last value.
        const counts = await jobs.failedCounts().catch(() => ({}));
        for (const [job, count] of Object.entries(counts)) this.set({ job }, count);
      },
    });
  const runs = new Counter({
    name: "levee_job_runs_total",
    help: "Job runs in this process by job name and outcome (completed, retrying, failed)",
    labelNames: ["job", "outcome"] as const,
    registers: [registry],
  });
  jobs.onOutcome((job, outcome) => runs.inc({ job, outcome }));
}

/**
 * What a Redis that does not answer (stalled) leaves waiting in this process, and what the process
 * did not send to it instead of queueing without bound: publishes dropped past their bound
 * (pubsub/publish-gate.ts) and the traffic watch's sync rounds skipped while one was unanswered.
 */
export function registerRedisBacklogMetrics(
  registry: Registry,
  read: { publishes: () => { unanswered: number; dropped: number }; skippedWatchSyncs: () => number },
): void {
  new Gauge({
    name: "levee_pubsub_publishes_unanswered",
    help: "Publishes sent to Redis and not answered yet (a stalled Redis holds them in the process, at most about a second's worth)",
    registers: [registry],
    collect() {
      this.set(read.publishes().unanswered);
    },
  });
  counterOf(registry, {
    name: "levee_pubsub_publishes_dropped_total",
    help: "Live events not published because Redis left an earlier publish unanswered past REDIS_ANSWER_MS (lost, as pub/sub is at most once)",
    read: () => read.publishes().dropped,
  });
  counterOf(registry, {
    name: "levee_traffic_watch_syncs_skipped_total",
    help: "Traffic watch sync rounds not sent because the one before was still unanswered by Redis",
    read: read.skippedWatchSyncs,
  });
}

/** A counter whose value is read at each scrape from a running total kept elsewhere. */
function counterOf(registry: Registry, options: { name: string; help: string; read: () => number }): void {
  let counted = 0;
  new Counter({
    name: options.name,
    help: options.help,
    registers: [registry],
    collect() {
      const total = options.read();
      if (total > counted) this.inc(total - counted);
      counted = total;
    },
  });
}

/**
 * The incident-event outbox (incidents/incident-event.ts), read from the database at each scrape, so
 * every API process reports the same cluster-wide figures (aggregate them with max(), not sum()):
 * events not handled yet, the oldest one's age, and those parked after their last round (their
 * failed incidents.event job waits for a retry by hand; the queue's failed record of it may be gone,
 * the row is not). A scrape waits for the read at most readTimeoutMs: a starved pool or a long
 * statement must not hang the whole /metrics; the gauges then keep their last value and
 * levee_incident_events_read_ok says 0.
 */
export function registerIncidentEventMetrics(
  registry: Registry,
  sql: SqlClient,
  options: { readTimeoutMs?: number } = {},
): void {
  const readTimeoutMs = options.readTimeoutMs ?? 1000;
  let last: IncidentEventBacklog | undefined;
  let lastReadOk = false;
  // One read in flight at most: a read outliving its scrape serves the next scrapes until it ends
  // (they do not pile statements onto a starved pool).
  let reading: Promise<void> | undefined;
  // One wait serves the gauges of a scrape (the registry collects them together).
  let waiting: Promise<void> | undefined;
  const read = () => {
    reading ??= incidentEventBacklog(sql)
      .then(
        (backlog) => {
          last = backlog;
          lastReadOk = true;
        },
        () => {
          lastReadOk = false; // the database is away: /healthz says so; the gauges keep their last value
        },
      )
      .finally(() => {
        reading = undefined;
      });
    const current = reading;
    waiting ??= new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        if (reading === current) lastReadOk = false; // still running: late, as good as failed
        resolve();
      }, readTimeoutMs);
      timer.unref();
      void current.then(() => {
        clearTimeout(timer);
        resolve();
      });
    }).finally(() => {
      waiting = undefined;
    });
    return waiting;
  };
  const gauge = (name: string, help: string, value: (backlog: IncidentEventBacklog) => number) =>
    new Gauge({
      name,
      help,
      registers: [registry],
      async collect() {
        await read();
        if (last) this.set(value(last));
      },
    });
  gauge(
    "levee_incident_events_waiting",
    "Incident events not handled by their consumers yet (parked ones aside); growing: consumers failing or no relay",
    (b) => b.waiting,
  );
  gauge(
    "levee_incident_events_oldest_waiting_seconds",
    "Age of the oldest incident event not handled yet (0 when none)",
    (b) => b.oldestWaitingSeconds,
  );
  gauge(
    "levee_incident_events_parked",
    "Incident events given up after their last round of attempts: retry their failed incidents.event job by hand",
    (b) => b.parked,
  );
  new Gauge({
    name: "levee_incident_events_read_ok",
    help: "1: this scrape read the incident-event outbox; 0: the read failed or outlasted its timeout (the other incident-event gauges are from an earlier read, or absent)",
    registers: [registry],
    async collect() {
      await read();
      this.set(lastReadOk ? 1 : 0);
    },
  });
}

/**
 * The schema's root field the operation starts with: a label set bounded by the schema. The
 * client's operation name is free text, and each new value would be a series kept for the
 * life of the process on a public /metrics.
 */
export function operationLabel(op: OperationDefinitionNode | null | undefined): string {
  const first = op?.selectionSet.selections.find((s) => s.kind === "Field");
  return first?.kind === "Field" ? first.name.value : "other";
}
