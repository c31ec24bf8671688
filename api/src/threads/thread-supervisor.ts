import { Worker } from "node:worker_threads";
import type { Config } from "../config.ts";
import type { Logger } from "../logging/logger.ts";
import type { SupervisorMessage, ThreadData, ThreadMessage, ThreadMetrics } from "./thread-messages.ts";

/** A scrape waits this long for the other threads' figures; a thread that is late is left out. */
const METRICS_GATHER_MS = 2_000;

/**
 * API_THREADS > 1: the process's main thread serves nothing itself. It starts thread 0, which
 * migrates, bootstraps and binds the port, then the others, which accept on the same listening
 * socket (the kernel hands each new connection to whichever thread's accept comes first: the
 * spread is not even, and not steered). Node 20 cannot move a connection between threads, and one agent's
 * socket stays on the thread that accepted it; a reconnect may land on another, which reloads
 * that node's detection state as a second API process would (detection/detection-engine.ts).
 *
 * It relays what the threads cannot do alone: signals (only the main thread gets them), a
 * /metrics scrape that must cover every thread, and the end of the process. The listening
 * socket is one descriptor shared by every thread: no thread closes it (a stopping thread's
 * handle refuses what it accepts, server.ts), and a thread's end would close its handles, so no
 * thread ends on its own: the process exits once every thread has drained and closed. A thread
 * that fails takes the process down with it (the supervisor — systemd, a container — restarts it).
 */
export async function superviseThreads(config: Config, logger: Logger, entry: URL): Promise<void> {
  const threads: Worker[] = [];
  const closed = new Map<Worker, number>();
  let stopping = false;
  let exitCode = 0;
  let nextGather = 1;
  /** Scrapes in progress by the supervisor's id: who asked (and its own id), who has yet to answer. */
  const gathers = new Map<
    number,
    { from: Worker; requestId: number; waiting: Set<Worker>; threads: ThreadMetrics[] }
  >();

  /**
   * Each thread's last figures: one that does not answer a scrape in time is counted with them,
   * not left out (its counters' part of the sum would drop, and Prometheus read a reset).
   */
  const lastMetrics = new Map<Worker, ThreadMetrics>();
  const finishGather = (id: number) => {
    const gather = gathers.get(id);
    if (!gather) return;
    gathers.delete(id);
    for (const late of gather.waiting) {
      const last = lastMetrics.get(late);
      if (last) gather.threads.push(last);
    }
    send(gather.from, { type: "metrics-gathered", id: gather.requestId, threads: gather.threads });
  };
  const send = (thread: Worker, message: SupervisorMessage) => thread.postMessage(message);

  const stop = (signal: string, code = 0) => {
    if (stopping) return;
    stopping = true;
    exitCode = code;
    logger.info({ signal, threads: threads.length }, "stopping");
    for (const thread of threads) send(thread, { type: "stop", signal });
    // Each thread bounds its own drain; past this the process ends anyway.
    setTimeout(
      () => {
        logger.error("shutdown deadline passed; exiting");
        process.exit(1);
      },
      2 * config.shutdownDrainMs + 10_000,
    ).unref();
  };
  const maybeExit = () => {
    if (closed.size < threads.length) return;
    process.exit(Math.max(exitCode, ...closed.values()));
  };

  const start = (data: ThreadData) =>
    new Promise<{ fd?: number | undefined; port: number }>((resolve, reject) => {
      const thread = startThread(entry, data);
      threads.push(thread);
      thread.on("message", (message: ThreadMessage) => {
        switch (message.type) {
          case "listening":
            resolve(message);
            break;
          case "closed":
            closed.set(thread, message.code);
            if (!stopping) stop(`thread ${data.index} closed`, message.code || 1);
            maybeExit();
            break;
          case "metrics-request": {
            const id = nextGather++;
            const waiting = new Set(threads.filter((t) => t !== thread));
            gathers.set(id, { from: thread, requestId: message.id, waiting, threads: [] });
            for (const other of waiting) send(other, { type: "metrics-collect", id });
            setTimeout(() => finishGather(id), METRICS_GATHER_MS).unref();
            if (waiting.size === 0) finishGather(id);
            break;
          }
          case "metrics": {
            lastMetrics.set(thread, message.metrics);
            const gather = gathers.get(message.id);
            if (!gather) break;
            gather.threads.push(message.metrics);
            gather.waiting.delete(thread);
            if (gather.waiting.size === 0) finishGather(message.id);
            break;
          }
        }
      });
      thread.on("error", (error) => {
        logger.error({ err: error, thread: data.index }, "API thread failed");
        reject(error);
      });
      thread.on("exit", (code) => {
        if (!closed.has(thread)) closed.set(thread, code || 1);
        if (!stopping) stop(`thread ${data.index} exited`, code || 1);
        maybeExit();
      });
    });

  process.on("SIGTERM", () => stop("SIGTERM"));
  process.on("SIGINT", () => stop("SIGINT"));
  process.on("SIGHUP", () => stop("SIGHUP"));
  try {
    const { fd } = await start({ index: 0 });
    if (fd === undefined) throw new Error("thread 0 did not say which socket it listens on");
    // A stop while thread 0 started: the others are not started (thread 0 has been told).
    if (!stopping)
      await Promise.all(Array.from({ length: config.threads - 1 }, (_, i) => start({ index: i + 1, fd })));
  } catch {
    stop("start failed", 1);
    return;
  }
  if (!stopping) logger.info({ threads: config.threads }, "Levee API threads listening");
}

/**
 * The API's own entry (the precompiled bundle, or main.ts through tsx) in a new thread. From the
 * sources (LEVEE_PRECOMPILE=false) the thread registers tsx first: a loader registered by
 * `--import` serves the main thread only. tsx is found from the entry's folder.
 */
function startThread(entry: URL, data: ThreadData): Worker {
  if (!entry.pathname.endsWith(".ts")) return new Worker(entry, { workerData: data });
  const source = `const { createRequire } = require("node:module");
const { dirname, join } = require("node:path");
const { pathToFileURL } = require("node:url");
const tsxFolder = dirname(createRequire(${JSON.stringify(entry.href)}).resolve("tsx/package.json"));
import(pathToFileURL(join(tsxFolder, "dist/esm/api/index.mjs")).href)
  .then((tsx) => { tsx.register(); return import(${JSON.stringify(entry.href)}); });`;
  return new Worker(source, { eval: true, workerData: data });
}
