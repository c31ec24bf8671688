import { isMainThread, parentPort, workerData } from "node:worker_threads";
import { AggregatorRegistry, type Registry } from "prom-client";
import type { SupervisorMessage, ThreadData, ThreadMessage, ThreadMetrics } from "./thread-messages.ts";

/**
 * One API thread's side of thread-supervisor.ts: absent (undefined) when the API runs on the
 * process's main thread, as it does unless API_THREADS > 1.
 */
export interface ThreadLink {
  index: number;
  /** The listening socket thread 0 bound (the other threads accept on it). */
  sharedFd: number | undefined;
  /** The thread listens (thread 0: on this descriptor, which the supervisor gives the others). */
  listening(fd: number | undefined, port: number): void;
  /** The supervisor's stop (a signal it received, or another thread's end); one that came before is handed over at once. */
  onStop(stop: (signal: string) => void): void;
  /** Drained and closed; the thread then waits for the process to end (its handles share the port's descriptor). */
  closed(code: number): void;
  /** Answers other threads' scrapes with this registry's figures. */
  serveMetrics(registry: Registry): void;
  /** Prometheus text of every thread's figures summed (a thread late to answer counts with its last ones). */
  metricsOfAll(registry: Registry): Promise<string>;
}

export function threadLink(): ThreadLink | undefined {
  if (isMainThread || !parentPort) return undefined;
  const port = parentPort;
  const data = workerData as ThreadData;
  const post = (message: ThreadMessage) => port.postMessage(message);
  let nextRequest = 1;
  const requests = new Map<number, (threads: ThreadMetrics[]) => void>();
  let registry: Registry | undefined;
  let stopHandler: ((signal: string) => void) | undefined;
  let pendingStop: string | undefined;
  port.on("message", (message: SupervisorMessage) => {
    switch (message.type) {
      case "stop":
        if (stopHandler) stopHandler(message.signal);
        else pendingStop ??= message.signal;
        break;
      case "metrics-collect":
        void (registry?.getMetricsAsJSON() ?? Promise.resolve([])).then(
          (metrics) => post({ type: "metrics", id: message.id, metrics }),
          () => post({ type: "metrics", id: message.id, metrics: [] }),
        );
        break;
      case "metrics-gathered":
        requests.get(message.id)?.(message.threads);
        requests.delete(message.id);
        break;
    }
  });
  return {
    index: data.index,
    sharedFd: data.fd,
    listening: (fd, listenPort) => post({ type: "listening", fd, port: listenPort }),
    onStop(stop) {
      stopHandler = stop;
      if (pendingStop !== undefined) stop(pendingStop);
    },
    closed(code) {
      post({ type: "closed", code });
    },
    serveMetrics(own) {
      registry = own;
    },
    async metricsOfAll(own) {
      const id = nextRequest++;
      const others = new Promise<ThreadMetrics[]>((resolve) => requests.set(id, resolve));
      post({ type: "metrics-request", id });
      const [mine, theirs] = await Promise.all([own.getMetricsAsJSON(), others]);
      return AggregatorRegistry.aggregate([mine, ...theirs]).metrics();
    },
  };
}
