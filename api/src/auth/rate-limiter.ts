import type { Redis } from "ioredis";
import { RateLimitedError } from "../errors.ts";

export interface RateDecision {
  allowed: boolean;
  retryAfterSeconds: number;
}

export interface RateLimiter {
  hit(key: string): Promise<RateDecision>;
}

/**
 * Fixed windows (one minute unless told) per key: API key, session or client address for
 * requests, the e-mail for sign-in attempts. In Redis the count is shared by every API
 * instance; in-process it is per process (embedded mode).
 */
export function createRateLimiter(
  limitPerWindow: number,
  redis?: Redis,
  prefix = "levee",
  windowMs = 60_000,
): RateLimiter {
  const decide = (count: number, limit: number, window: number): RateDecision => {
    const retryAfterSeconds = Math.max(1, Math.ceil(((window + 1) * windowMs - Date.now()) / 1000));
    return { allowed: count <= limit, retryAfterSeconds };
  };
  if (redis) {
    return {
      async hit(key) {
        const window = Math.floor(Date.now() / windowMs);
        const redisKey = `${prefix}:rate:${key}:${window}`;
        const [[, count]] = (await redis.multi().incr(redisKey).pexpire(redisKey, windowMs).exec()) as [
          [null, number],
        ];
        return decide(count, limitPerWindow, window);
      },
    };
  }
  const counts = new Map<string, { window: number; count: number }>();
  return {
    async hit(key) {
      const window = Math.floor(Date.now() / windowMs);
      const entry = counts.get(key);
      if (!entry || entry.window !== window) {
        if (counts.size > 100_000) for (const [k, v] of counts) if (v.window !== window) counts.delete(k);
        counts.set(key, { window, count: 1 });
        return decide(1, limitPerWindow, window);
      }
      entry.count++;
      return decide(entry.count, limitPerWindow, window);
    },
  };
}

/**
 * The one admission check of every GraphQL operation, over HTTP (per request) and graphql-ws
 * (per operation on the socket): the same key, the same count, the same RATE_LIMITED answer.
 */
export async function admit(limiter: RateLimiter, key: string): Promise<void> {
  const decision = await limiter.hit(key);
  if (!decision.allowed) throw new RateLimitedError(decision.retryAfterSeconds);
}
