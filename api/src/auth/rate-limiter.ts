import type { Redis } from "ioredis";

export interface RateDecision {
  allowed: boolean;
  retryAfterSeconds: number;
}

export interface RateLimiter {
  hit(key: string): Promise<RateDecision>;
}

const WINDOW_MS = 60_000;
/** ioredis states in which a command would wait for a reconnect that may take long. */
const DOWN = new Set(["reconnecting", "close", "end"]);

/**
 * Fixed one-minute windows per caller (API key, session or client address). In Redis the
 * count is shared by every API instance; in-process it is per process (embedded mode). While
 * Redis is away each process counts on its own: limits stay, and requests (agents' telemetry
 * among them) neither fail nor wait for Redis; /healthz reports the outage.
 */
export function createRateLimiter(limitPerMinute: number, redis?: Redis, prefix = "levee"): RateLimiter {
  const local = inProcessLimiter(limitPerMinute);
  if (!redis) return local;
  return {
    async hit(key) {
      if (DOWN.has(redis.status)) return local.hit(key);
      const window = Math.floor(Date.now() / WINDOW_MS);
      const redisKey = `${prefix}:rate:${key}:${window}`;
      try {
        const [[, count]] = (await redis.multi().incr(redisKey).pexpire(redisKey, WINDOW_MS).exec()) as [
          [null, number],
        ];
        return decide(count, limitPerMinute, window);
      } catch {
        return local.hit(key);
      }
    },
  };
}

function inProcessLimiter(limitPerMinute: number): RateLimiter {
  const counts = new Map<string, { window: number; count: number }>();
  return {
    async hit(key) {
      const window = Math.floor(Date.now() / WINDOW_MS);
      const entry = counts.get(key);
      if (!entry || entry.window !== window) {
        if (counts.size > 100_000) for (const [k, v] of counts) if (v.window !== window) counts.delete(k);
        counts.set(key, { window, count: 1 });
        return decide(1, limitPerMinute, window);
      }
      entry.count++;
      return decide(entry.count, limitPerMinute, window);
    },
  };
}

function decide(count: number, limit: number, window: number): RateDecision {
  const retryAfterSeconds = Math.max(1, Math.ceil(((window + 1) * WINDOW_MS - Date.now()) / 1000));
  return { allowed: count <= limit, retryAfterSeconds };
}
