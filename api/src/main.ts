import { fileURLToPath, pathToFileURL } from "node:url";
import { issueLocalEnrollmentToken } from "./agents/local-agent.ts";
import { ConfigError, loadConfig } from "./config.ts";
import { createLogger } from "./logging/logger.ts";
import { StartPhases } from "./observability/start-phases.ts";
import { createServer } from "./server.ts";
import { threadLink } from "./threads/thread-link.ts";
import { superviseThreads } from "./threads/thread-supervisor.ts";
import { bootstrapFirstOwner } from "./workspaces/bootstrap.ts";
import { firstOwnerMessage } from "./workspaces/bootstrap-message.ts";

/**
 * Process entry: configuration, first-start owner, listen, stop once on SIGTERM/SIGINT. With
 * API_THREADS > 1 the main thread supervises and this same module runs again in each thread.
 */
async function main() {
  const phases = new StartPhases();
  phases.mark("modules");
  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(78); // EX_CONFIG
    }
    throw error;
  }
  const thread = threadLink();
  const root = createLogger(config.logLevel);
  // The entry the process was started with: the precompiled bundle, or this file through tsx
  // (a bundled source's import.meta.url names its source, not the bundle).
  const entry = pathToFileURL(process.argv[1] ?? fileURLToPath(import.meta.url));
  if (config.threads > 1 && !thread) return superviseThreads(config, root, entry);
  const logger = thread ? root.child({ thread: thread.index }) : root;
  // A Redis that accepts connections but does not answer (stalled) does not hold the start up: each
  // Redis step of it waits its bound (the traffic watch's first read 1 s, the periodic jobs'
  // schedules 2 s, set once Redis answers) and the process serves degraded, as it does when Redis
  // stalls after its start (/healthz 503, rate limits per process, jobs to the outbox). Exiting
  // instead would turn a restart or deploy during a Redis incident into a crash loop and an outage
  // of processes that can serve: behind a balancer (deploy/haproxy.cfg checks TCP, not /healthz,
  // for trouble every process shares) a started process takes its share, a missing one does not.
  const server = await createServer(config, { logger, phases, jobs: "after-listen", thread });
  const { database } = server.services;
  // Thread 0 (or the only one) bootstraps before it binds the port; the others start after.
  const leading = !thread || thread.index === 0;
  const first = leading ? await bootstrapFirstOwner(database, config.bootstrap) : null;
  if (leading && config.localAgentTokenFile)
    await issueLocalEnrollmentToken(database, config.localAgentTokenFile);
  phases.mark("bootstrap");
  const address = await server.listen(undefined, undefined, thread?.sharedFd);
  phases.mark("listen");
  thread?.listening(thread.index === 0 ? server.listeningFd() : undefined, address.port);
  const base = `http://${address.address === "0.0.0.0" || address.address === "::" ? "localhost" : address.address}:${address.port}`;
  logger.info(
    {
      engine: database.engine,
      timescale: database.timescale,
      redis: Boolean(config.redisUrl),
      url: `${base}/graphql`,
      startMs: phases.totalMs,
      // CPU this process spent to get here: on a shared machine the wall time above depends on
      // what else runs, this does not (it is what a start-up change is judged by).
      cpuMs: cpuMs(process.cpuUsage()),
      phasesMs: phases.ms,
    },
    "Levee API listening",
  );
  if (first) process.stdout.write(firstOwnerMessage(first));

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, "stopping");
    // Drain, then close the database and queues; past that the process exits anyway.
    const closeMs = 2 * config.shutdownDrainMs;
    const deadline = setTimeout(() => {
      logger.error("shutdown deadline passed; exiting");
      process.exit(1);
    }, closeMs + 5_000);
    deadline.unref();
    // A thread does not end itself: the supervisor ends the process once every thread closed.
    const exit = (code: number) => (thread ? thread.closed(code) : process.exit(code));
    server.close(closeMs).then(
      () => {
        clearTimeout(deadline);
        exit(0);
      },
      (error) => {
        clearTimeout(deadline);
        logger.error({ err: error }, "shutdown failed");
        exit(1);
      },
    );
  };
  if (thread) thread.onStop(stop);
  else {
    process.on("SIGTERM", () => stop("SIGTERM"));
    process.on("SIGINT", () => stop("SIGINT"));
  }
}

const cpuMs = ({ user, system }: NodeJS.CpuUsage) => Math.round((user + system) / 1000);

main().catch((error) => {
  console.error("Levee API failed to start:", error instanceof Error ? error.message : error);
  process.exit(1);
});
