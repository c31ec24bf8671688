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
 * Fixed windows (one minute unless told) per key: API key, session or client address for
 * requests, the e-mail for sign-in attempts. In Redis the count is shared by every API
 * instance; in-process it is per process (embedded mode). While Redis is away each process
 * counts on its own: limits stay, and requests (agents' telemetry among them) neither fail
 * nor wait for Redis; /healthz reports the outage.
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
      const window = Math.floor(Date.now() / windowMs);
      const redisKey = `${prefix}:rate:${key}:${window}`;
      try {
        const [[, count]] = (await redis.multi().incr(redisKey).pexpire(redisKey, windowMs).exec()) as [
          [null, number],
        ];
        return decide(count, limitPerWindow, window, windowMs);
      } catch {
        return local.hit(key);
      }
    },
  };
}

function inProcessLimiter(limitPerWindow: number, windowMs: number): RateLimiter {
  const counts = new Map<string, { window: number; count: number }>();
  return {
    async hit(key) {
      const window = Math.floor(Date.now() / windowMs);
      const entry = counts.get(key);
      if (!entry || entry.window !== window) {
        if (counts.size > 100_000) for (const [k, v] of counts) if (v.window !== window) counts.delete(k);
        counts.set(key, { window, count: 1 });
        return decide(1, limitPerWindow, window, windowMs);
      }
      entry.count++;
      return decide(entry.count, limitPerWindow, window, windowMs);
    },
  };
}

function decide(count: number, limit: number, window: number, windowMs: number): RateDecision {
  const retryAfterSeconds = Math.max(1, Math.ceil(((window + 1) * windowMs - Date.now()) / 1000));
  return { allowed: count <= limit, retryAfterSeconds };
}

/**
 * The one admission check of every GraphQL operation, over HTTP (per request) and graphql-ws
 * (per operation on the socket): the same key, the same count, the same RATE_LIMITED answer.
 */
export async function admit(limiter: RateLimiter, key: string): Promise<void> {
  const decision = await limiter.hit(key);
  if (!decision.allowed) throw new RateLimitedError(decision.retryAfterSeconds);
}
