import { createHash } from "node:crypto";
import type { Redis } from "ioredis";
import { answerWithin, REDIS_ANSWER_MS } from "../../redis/answer-within.ts";

/**
 * The platform-wide announcement window (NETWORK_MITIGATION_GLOBAL_ANNOUNCEMENTS_PER_MINUTE): at
 * most `limit` first announcements in any `windowMs`, every workspace together, for an operator
 * whose one router serves many tenants. The rule queue plans each workspace's announcements
 * under its own window; this one is asked for a place for each of them, in the queue's order,
 * and what it refuses waits (PENDING) exactly like a rule held by the workspace's window.
 *
 * Places are keyed by rule id, so asking again for a rule that already holds one (a retried
 * operation) takes no second place. With Redis the places are one sorted set shared by every
 * API process (one script call takes them atomically); without Redis, or while Redis is away,
 * each process counts in its own memory. Either way, the first use in a process adds the
 * announcements the database holds for the last window, so a restart cannot reset the count.
 */
export interface AnnouncementWindow {
  /** 0: no platform-wide window. */
  readonly limit: number;
  /** Places for these rules' first announcements at `now`, in order: how many of the first were granted. */
  take(ruleIds: string[], now: number): Promise<number>;
}

export interface AnnouncementWindowOptions {
  limit: number;
  windowMs?: number;
  redis?: Redis;
  /** Redis key of the sorted set (rule id → announcement time). */
  key?: string;
  /** First announcements stored since `since` (every workspace): `{ id, at }`. */
  recent: (since: number) => Promise<{ id: string; at: number }[]>;
  /** Told once per Redis outage that this process counts alone meanwhile. */
  onRedisError?: (error: Error) => void;
  /**
   * How long Redis may take to answer before this process counts alone (REDIS_ANSWER_MS). A
   * Redis that accepts connections but does not answer (stalled, partitioned) would otherwise
   * hold the caller, and with it the workspace's queue and its withdrawals, without end.
   */
  redisTimeoutMs?: number;
}

const DOWN = new Set(["reconnecting", "close", "end"]);

/**
 * KEYS[1]: the sorted set. ARGV: now, window ms, limit, rule ids…. Drops places older than the
 * window, then grants in order: a rule already holding a place keeps it, a new one takes one
 * while fewer than `limit` are held; the first refusal ends the grant. Answers the count granted.
 */
const TAKE_SCRIPT = `local now = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
local limit = tonumber(ARGV[3])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
local held = redis.call('ZCARD', KEYS[1])
local granted = 0
for i = 4, #ARGV do
  if redis.call('ZSCORE', KEYS[1], ARGV[i]) then
    granted = granted + 1
  elseif held < limit then
    redis.call('ZADD', KEYS[1], now, ARGV[i])
    held = held + 1
    granted = granted + 1
  else
    break
  end
end
redis.call('PEXPIRE', KEYS[1], window)
return granted`;
const TAKE_SCRIPT_SHA = createHash("sha1").update(TAKE_SCRIPT).digest("hex");

export function createAnnouncementWindow(options: AnnouncementWindowOptions): AnnouncementWindow {
  const { limit, redis } = options;
  const windowMs = options.windowMs ?? 60_000;
  const redisTimeoutMs = options.redisTimeoutMs ?? REDIS_ANSWER_MS;
  const key = options.key ?? "levee:mitigation:announcements";
  if (!Number.isInteger(limit) || limit < 0) throw new Error(`announcement window: bad limit ${limit}`);
  if (limit === 0) return { limit, take: async (ids) => ids.length };

  const local = new Map<string, number>();
  let seeded: Promise<void> | undefined;
  let redisSeeded = false;
  let redisFailing = false;
  const seed = () => {
    seeded ??= options.recent(Date.now() - windowMs).then(
      (rows) => {
        for (const row of rows) if (!local.has(row.id)) local.set(row.id, row.at);
      },
      (error: unknown) => {
        seeded = undefined; // tried again at the next take
        throw error;
      },
    );
    return seeded;
  };

  const takeLocally = (ids: string[], now: number): number => {
    let granted = 0;
    for (const id of ids) {
      if (!local.has(id)) {
        if (local.size >= limit) break;
        local.set(id, now);
      }
      granted++;
    }
    return granted;
  };

  const takeInRedis = async (client: Redis, ids: string[], now: number): Promise<number> => {
    if (!redisSeeded) {
      // ZADD NX: places already there (this process's own, or another's) keep their time.
      const pairs = [...local].filter(([, at]) => at > now - windowMs).flatMap(([id, at]) => [at, id]);
      if (pairs.length > 0) await client.zadd(key, "NX", ...pairs);
      redisSeeded = true;
    }
    const args = [now, windowMs, limit, ...ids];
    const granted = await client
      .evalsha(TAKE_SCRIPT_SHA, 1, key, ...args)
      .catch((error: unknown) =>
        error instanceof Error && error.message.startsWith("NOSCRIPT")
          ? client.eval(TAKE_SCRIPT, 1, key, ...args)
          : Promise.reject(error),
      );
    return Number(granted);
  };

  return {
    limit,
    async take(ids, now) {
      if (ids.length === 0) return 0;
      await seed();
      for (const [id, at] of local) if (at <= now - windowMs) local.delete(id);
      // Disconnected: Redis may come back without its data (restarted), so this process's places
      // are added again once it answers.
      if (redis && DOWN.has(redis.status)) redisSeeded = false;
      if (redis && !DOWN.has(redis.status)) {
        try {
          // A place Redis grants after the timeout is only counted there: the window errs on the safe side.
          const granted = await answerWithin(takeInRedis(redis, ids, now), { ms: redisTimeoutMs });
          redisFailing = false;
          // Kept locally too: while Redis is away this process still knows its own places.
          for (const id of ids.slice(0, granted)) if (!local.has(id)) local.set(id, now);
          return granted;
        } catch (error) {
          if (!redisFailing) options.onRedisError?.(error as Error);
          redisFailing = true;
          redisSeeded = false;
        }
      }
      return takeLocally(ids, now);
    },
  };
}
