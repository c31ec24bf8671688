import type { Redis } from "ioredis";
import type { Database } from "../db/database.ts";

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

/** GET /healthz: 200 when the database (and Redis, when configured) answer, else 503. */
export async function checkHealth(database: Database, redis: Redis | undefined) {
  const [db, cache] = await Promise.all([
    timed(() => database.sql.query("SELECT 1")),
    redis ? timed(() => redis.ping()) : Promise.resolve(undefined),
  ]);
  const ok = db.ok && (cache?.ok ?? true);
  return {
    status: ok ? 200 : 503,
    body: {
      status: ok ? "ok" : "fail",
      database: { ...db, engine: database.engine, timescale: database.timescale },
      redis: cache ?? "not configured",
    },
  };
}
