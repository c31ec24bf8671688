import type { Redis } from "ioredis";
import type { Database } from "../db/database.ts";
import { type IncidentEventBacklog, incidentEventBacklog } from "../incidents/incident-event.store.ts";
import type { EngineHealth } from "./engine-health.ts";

interface Check {
  ok: boolean;
  ms: number;
  error?: string;
}

async function timed(fn: () => Promise<unknown>, timeoutMs = 2000): Promise<Check> {
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      fn(),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer in ${timeoutMs} ms`)), timeoutMs);
      }),
    ]);
    return { ok: true, ms: Math.round(performance.now() - started) };
  } catch (error) {
    return { ok: false, ms: Math.round(performance.now() - started), error: (error as Error).message };
  } finally {
    clearTimeout(timer);
  }
}

/** The PING each Redis client has in flight, shared by the checks that come meanwhile. */
const pings = new WeakMap<Redis, Promise<unknown>>();

/**
 * Probes come from several balancers and monitors, and a Redis that stalls answers none: one PING
 * each would queue in the process for as long as the stall lasts. So a check joins the PING in
 * flight (each waits for it at most its own bound) and a new one is sent only once it settled.
 */
function sharedPing(redis: Redis): Promise<unknown> {
  let ping = pings.get(redis);
  if (!ping) {
    ping = redis.ping().finally(() => pings.delete(redis));
    pings.set(redis, ping);
  }
  return ping;
}

/**
 * GET /healthz: 200 when the database (and Redis, when configured) answer and no part of the
 * engine is degraded (telemetry writes failing, a job exhausting its attempts), else 503 with
 * the reasons. It also reports the incident events not handled yet and those parked (given up after
 * their last round, waiting for a retry by hand of their failed job).
 */
export async function checkHealth(database: Database, redis: Redis | undefined, engine?: EngineHealth) {
  // Reported, not judged: a parked event waits for an operator while the API serves on; a 503 for
  // it would take every instance out of its load balancer.
  const read: { incidentEvents?: IncidentEventBacklog } = {};
  const [db, cache] = await Promise.all([
    timed(() => database.sql.query("SELECT 1")),
    redis ? timed(() => sharedPing(redis)) : Promise.resolve(undefined),
    timed(async () => {
      read.incidentEvents = await incidentEventBacklog(database.sql);
    }),
  ]);
  const degraded = engine?.degraded() ?? [];
  const reachable = db.ok && (cache?.ok ?? true);
  const ok = reachable && degraded.length === 0;
  return {
    status: ok ? 200 : 503,
    body: {
      status: ok ? "ok" : reachable ? "degraded" : "fail",
      database: { ...db, engine: database.engine, timescale: database.timescale },
      redis: cache ?? "not configured",
      degraded,
      incidentEvents: read.incidentEvents ?? ("unavailable" as const),
    },
  };
}
