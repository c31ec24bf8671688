import type { Redis } from "ioredis";
import { RateLimitedError } from "../errors.ts";

export interface RateDecision {
  allowed: boolean;
  retryAfterSeconds: number;
}

export interface RateLimiter {
  hit(key: string): Promise<RateDecision>;
}

/** ioredis states in which a command would wait for a reconnect that may take long. */
const DOWN = new Set(["reconnecting", "close", "end"]);

/**
 * Sliding windows (one minute unless told) per key: API key, session or client address for
 * requests, the e-mail for sign-in attempts. The count is this window's hits plus the last
 * window's weighted by how much of it still overlaps, so a burst across a window boundary
 * gets no second allowance. In Redis the count is shared by every API instance; in-process
 * it is per process (embedded mode). While Redis is away each process counts on its own:
 * limits stay, and requests (agents' telemetry among them) neither fail nor wait for Redis.
 */
export function createRateLimiter(
  limitPerWindow: number,
  redis?: Redis,
  prefix = "levee",
  windowMs = 60_000,
): RateLimiter {
  const local = inProcessLimiter(limitPerWindow, windowMs);
  if (!redis) return local;
  return {
    async hit(key) {
      if (DOWN.has(redis.status)) return local.hit(key);
      const now = Date.now();
      const window = Math.floor(now / windowMs);
      const current = `${prefix}:rate:${key}:${window}`;
      try {
        const results = (await redis
          .multi()
          .incr(current)
          .pexpire(current, 2 * windowMs)
          .get(`${prefix}:rate:${key}:${window - 1}`)
          .exec()) as [null, unknown][];
        return decide(now, Number(results[0]?.[1]), Number(results[2]?.[1] ?? 0), limitPerWindow, windowMs);
      } catch {
        return local.hit(key);
      }
    },
  };
}

function inProcessLimiter(limitPerWindow: number, windowMs: number): RateLimiter {
  const counts = new Map<string, { window: number; count: number; previous: number }>();
  return {
    async hit(key) {
      const now = Date.now();
      const window = Math.floor(now / windowMs);
      const entry = counts.get(key);
      if (entry?.window === window) entry.count++;
      else {
        if (counts.size > 100_000) for (const [k, v] of counts) if (v.window < window - 1) counts.delete(k);
        const previous = entry?.window === window - 1 ? entry.count : 0;
        counts.set(key, { window, count: 1, previous });
      }
      const { count, previous } = counts.get(key) as { count: number; previous: number };
      return decide(now, count, previous, limitPerWindow, windowMs);
    },
  };
}

function decide(
  now: number,
  current: number,
  previous: number,
  limit: number,
  windowMs: number,
): RateDecision {
  const elapsed = now % windowMs;
  const estimate = current + previous * (1 - elapsed / windowMs);
  const retryAfterSeconds = Math.max(1, Math.ceil((windowMs - elapsed) / 1000));
  return { allowed: estimate <= limit, retryAfterSeconds };
}

/**
 * The one admission check of every GraphQL operation, over HTTP (per request) and graphql-ws
 * (per operation on the socket): the same key, the same count, the same RATE_LIMITED answer.
 */
export async function admit(limiter: RateLimiter, key: string): Promise<void> {
  const decision = await limiter.hit(key);
  if (!decision.allowed) throw new RateLimitedError(decision.retryAfterSeconds);
}
