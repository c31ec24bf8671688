import { createServer as createHttpServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { TxtLookup } from "./branding/dns-txt.ts";
import type { Config } from "./config.ts";
import type { Database } from "./db/database.ts";
import { createGraphQLHttp, type LeveeYoga } from "./http/graphql-http.ts";
import { attachGraphQLWebSocket } from "./http/graphql-ws.ts";
import { fail } from "./http/respond.ts";
import { createRouter } from "./http/router.ts";
import { registerJobs, startJobs } from "./jobs/job-table.ts";
import type { Logger } from "./logging/logger.ts";
import {
  createMetrics,
  registerIncidentEventMetrics,
  registerJobMetrics,
  registerRedisBacklogMetrics,
} from "./observability/metrics.ts";
import type { StartPhases } from "./observability/start-phases.ts";
import { type AppServices, createServices } from "./services.ts";
import type { ThreadLink } from "./threads/thread-link.ts";

/**
 * The embedded engine runs in this process, so a rollup refresh catching up after a stop holds
 * the event loop for seconds: its periodic jobs first run this long after the API listens, and
 * the agents' first reports (the live traffic an open dashboard waits for) go before them.
 * PostgreSQL works in a process of its own: no wait there.
 */
const EMBEDDED_PERIODIC_JOBS_AFTER_MS = 5_000;

/**
 * Connections the kernel completes for us while the event loop is busy (Node's default is 511;
 * Linux caps it at net.core.somaxconn: 4096 by default since Linux 5.4, 128 before). A fleet reconnecting after a restart
 * overflowed 511: the excess handshakes were dropped and retried by the clients after 1, 3, 7 s
 * (or reset once their request was sent), although the API had the capacity a moment later.
 */
const LISTEN_BACKLOG = 4096;

export interface LeveeServer {
  services: AppServices;
  yoga: LeveeYoga;
  http: Server;
  /**
   * Binds the port (and then starts the jobs, when created with `jobs: "after-listen"`); with
   * `sharedFd`, accepts on a socket another thread of this process bound (API_THREADS).
   */
  listen(port?: number, host?: string, sharedFd?: number): Promise<AddressInfo>;
  /** The listening socket's descriptor (for the other API threads). */
  listeningFd(): number;
  close(deadlineMs?: number): Promise<void>;
}

/**
 * Assembles the API without binding a port: the services (services.ts), the job table
 * (jobs/job-table.ts), GraphQL over HTTP and graphql-ws, and the routes in front of them
 * (http/router.ts). Tests call `yoga.fetch` or `listen(0)`.
 */
export async function createServer(
  config: Config,
  options: {
    logger?: Logger;
    database?: Database;
    dnsTxt?: TxtLookup;
    phases?: StartPhases;
    /**
     * "at-once" (the default): the jobs run from here on. "after-listen" (main.ts): listen() starts
     * them once the port is bound, and on the embedded engine the periodic ones a while later.
     */
    jobs?: "at-once" | "after-listen";
    /** This API is one of the process's threads (API_THREADS > 1). */
    thread?: ThreadLink;
  } = {},
): Promise<LeveeServer> {
  const composition = await createServices(config, options);
  const { services } = composition;
  registerJobs(services);
  const afterListen = options.jobs === "after-listen";
  if (!afterListen) await startJobs(services);
  options.phases?.mark("jobs");

  // The process's and the cluster's own figures once per process: every thread's scrape sums the
  // threads' registries (threads/thread-link.ts), so thread 0 alone reports them.
  const processWide = (options.thread?.index ?? 0) === 0;
  const metrics = createMetrics({ processWide, thread: options.thread });
  registerJobMetrics(metrics.registry, services.jobs, { processWide });
  const { watch } = services.telemetry;
  registerRedisBacklogMetrics(metrics.registry, {
    publishes: () => services.pubsub.publishes(),
    skippedWatchSyncs: () => watch.skippedSyncs,
  });
  services.telemetry.writer.timeWrites((seconds) => metrics.telemetryWrites.observe(seconds));
  if (processWide) registerIncidentEventMetrics(metrics.registry, services.database.sql);
  const yoga = await createGraphQLHttp(services, metrics);
  options.phases?.mark("graphql");
  // Read once: yoga is a Proxy whose every property read binds a new function.
  const { handle } = yoga;
  const route = createRouter({ ...composition, metrics, graphql: (req, res) => handle(req, res) });
  // Which of the process's threads answered (API_THREADS > 1): for an operator reading a trace.
  const thread = options.thread ? String(options.thread.index) : undefined;
  const http = createHttpServer((req, res) => {
    if (thread) res.setHeader("x-levee-thread", thread);
    route(req, res).catch((error) => fail(res, services.logger, error));
  });
  const ws = attachGraphQLWebSocket({
    http,
    yoga,
    services,
    activeSubscriptions: metrics.subscriptions,
    slowConsumers: metrics.slowConsumers,
    agentLoad: metrics.agentLoad,
    upgradeHeaders: thread ? [`X-Levee-Thread: ${thread}`] : undefined,
  });

  let closing: Promise<void> | undefined;
  /** In a thread (API_THREADS): the listening socket is the process's, shared with the others. */
  const sharedListener = options.thread !== undefined;
  return {
    services,
    yoga,
    http,
    async listen(port = config.port, host = config.host, sharedFd?: number) {
      const address = await new Promise<AddressInfo>((resolve, reject) => {
        http.once("error", reject);
        const listening = () => resolve(http.address() as AddressInfo);
        if (sharedFd === undefined) http.listen(port, host, LISTEN_BACKLOG, listening);
        else http.listen({ fd: sharedFd, backlog: LISTEN_BACKLOG }, listening);
      });
      if (afterListen)
        await startJobs(services, {
          periodicAfterMs: services.database.engine === "pglite" ? EMBEDDED_PERIODIC_JOBS_AFTER_MS : 0,
        });
      return address;
    },
    listeningFd() {
      const fd = (http as unknown as { _handle?: { fd?: number } })._handle?.fd;
      if (typeof fd !== "number" || fd < 0) throw new Error("the API is not listening");
      return fd;
    },
    close(deadlineMs = 2 * config.shutdownDrainMs) {
      closing ??= (async () => {
        // No new connection from here on; requests and socket operations already started finish
        // and are answered (an agent's stored samples are acknowledged, not sent again).
        if (sharedListener) refuseConnections(http);
        const drained = new Promise<void>((resolve) => {
          http.close(() => resolve());
          http.closeIdleConnections();
          setTimeout(() => {
            http.closeAllConnections();
            resolve();
          }, deadlineMs).unref();
        });
        await ws.close(Math.min(config.shutdownDrainMs, deadlineMs / 2));
        await drained;
        await composition.close(deadlineMs);
      })();
      return closing;
    },
  };
}

/**
 * Stops a thread's server taking connections without closing the listening socket. The socket
 * is one descriptor for the whole process (API_THREADS): closed by one thread, every other
 * thread's event loop would still watch its number, which the next socket opened reuses. So no
 * thread closes it (the process's end does): each one's handle closes what it accepts from here
 * on, and is detached from the server, whose close() then waits only for the connections it has.
 */
function refuseConnections(http: Server): void {
  const server = http as unknown as {
    _handle: { onconnection: (error: number, client?: { close(): void }) => void } | null;
  };
  if (!server._handle) return;
  server._handle.onconnection = (_error, client) => client?.close();
  server._handle = null;
}
