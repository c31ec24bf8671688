import type { Redis } from "ioredis";

export interface RateDecision {
  allowed: boolean;
  retryAfterSeconds: number;
}

export interface RateLimiter {
  hit(key: string): Promise<RateDecision>;
}

const WINDOW_MS = 60_000;

/**
 * Fixed one-minute windows per caller (API key, session or client address). In Redis the
 * count is shared by every API instance; in-process it is per process (embedded mode).
 */
export function createRateLimiter(limitPerMinute: number, redis?: Redis, prefix = "levee"): RateLimiter {
  if (redis) {
    return {
      async hit(key) {
        const window = Math.floor(Date.now() / WINDOW_MS);
        const redisKey = `${prefix}:rate:${key}:${window}`;
        const [[, count]] = (await redis.multi().incr(redisKey).pexpire(redisKey, WINDOW_MS).exec()) as [
          [null, number],
        ];
        return decide(count, limitPerMinute, window);
      },
    };
  }
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
