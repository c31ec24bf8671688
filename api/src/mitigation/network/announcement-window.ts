import { createHash } from "node:crypto";
import type { Redis } from "ioredis";
import { answerWithin, REDIS_ANSWER_MS, RedisTimeoutError } from "../../redis/answer-within.ts";

/**
 * The platform-wide announcement window (NETWORK_MITIGATION_GLOBAL_ANNOUNCEMENTS_PER_MINUTE): at
 * most `limit` first announcements in any `windowMs`, every workspace together, for an operator
 * whose one router serves many tenants. The rule queue plans each workspace's announcements
 * under its own window; this one is asked for a place for each of them, in the queue's order,
 * and what it refuses waits (PENDING) exactly like a rule held by the workspace's window.
 *
 * One workspace holds at most its share of the places (NETWORK_MITIGATION_GLOBAL_WORKSPACE_SHARE,
 * `sharePercent`), whether or not another waits: places only free by sliding out a minute later,
 * so a share applied only once another tenant waits would leave that tenant waiting the minute
 * anyway. The rest stays free for a tenant whose attack starts while another's floods.
 *
 * Places are keyed by workspace and rule id, so asking again for a rule that already holds one
 * (a retried operation) takes no second place. With Redis the places are one sorted set shared by
 * every API process (one script call takes them atomically); without Redis, or while Redis is
 * away, each process counts in its own memory. Either way, the first use in a process adds the
 * announcements the database holds for the last window, so a restart cannot reset the count.
 */
export interface AnnouncementWindow {
  /** 0: no platform-wide window. */
  readonly limit: number;
  /**
   * Places for these rules' first announcements (all of one workspace) at `now`, in order: how
   * many of the first were granted.
   */
  take(workspaceId: string, ruleIds: string[], now: number): Promise<number>;
}

/** A first announcement holding a place. */
export interface Place {
  id: string;
  workspaceId: string;
  at: number;
}

export interface AnnouncementWindowOptions {
  limit: number;
  /** Percent of `limit` one workspace may hold (1–100; 100, the default: no share). */
  sharePercent?: number;
  windowMs?: number;
  redis?: Redis;
  /** Redis key of the sorted set ("workspace/rule" → announcement time). */
  key?: string;
  /** First announcements stored since `since` (every workspace). */
  recent: (since: number) => Promise<Place[]>;
  /** Told once per Redis outage that this process counts alone meanwhile. */
  onRedisError?: (error: Error) => void;
  /**
   * How long Redis may take to answer before this process counts alone (REDIS_ANSWER_MS). A
   * Redis that accepts connections but does not answer (stalled, partitioned) would otherwise
   * hold the caller, and with it the workspace's queue and its withdrawals, without end.
   */
  redisTimeoutMs?: number;
}

/** The places one workspace may hold: its share of `limit`, rounded up (never 0 while limit is not). */
export function workspaceCap(limit: number, sharePercent: number): number {
  return Math.ceil((limit * sharePercent) / 100);
}

/**
 * The in-process grant, as the script below does it in Redis: `held` (rule id → place, older
 * ones already dropped) gains a place for each new rule, in order, while fewer than `limit` are
 * held and fewer than `cap` by the workspace; a rule holding a place keeps it; the first refusal
 * ends the grant. Answers the count granted.
 */
export function grantPlaces(
  held: Map<string, Place>,
  request: { workspaceId: string; ids: string[]; now: number; limit: number; cap: number },
): number {
  const { workspaceId, ids, now, limit, cap } = request;
  let mine = 0;
  if (cap < limit) for (const place of held.values()) if (place.workspaceId === workspaceId) mine++;
  let granted = 0;
  for (const id of ids) {
    if (!held.has(id)) {
      if (held.size >= limit || mine >= cap) break;
      held.set(id, { id, workspaceId, at: now });
      mine++;
    }
    granted++;
  }
  return granted;
}

const DOWN = new Set(["reconnecting", "close", "end"]);

/** A sorted-set member: the workspace first, so the script can count a workspace's places. */
const member = (workspaceId: string, id: string) => `${workspaceId}/${id}`;

/**
 * KEYS[1]: the sorted set. ARGV: now, window ms, limit, workspace cap, workspace id, rule ids….
 * grantPlaces in Redis: drops places older than the window, counts the workspace's (only when
 * its cap binds: a scan of at most `limit` members), then grants in order. A bare rule id (a
 * member written before the share, by a process not yet upgraded) still holds its rule's place.
 */
const TAKE_SCRIPT = `local now = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
local limit = tonumber(ARGV[3])
local cap = tonumber(ARGV[4])
local prefix = ARGV[5] .. '/'
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
local held = redis.call('ZCARD', KEYS[1])
local mine = 0
if cap < limit then
  for _, m in ipairs(redis.call('ZRANGE', KEYS[1], 0, -1)) do
    if string.sub(m, 1, #prefix) == prefix then mine = mine + 1 end
  end
end
local granted = 0
for i = 6, #ARGV do
  if redis.call('ZSCORE', KEYS[1], prefix .. ARGV[i]) or redis.call('ZSCORE', KEYS[1], ARGV[i]) then
    granted = granted + 1
  elseif held < limit and mine < cap then
    redis.call('ZADD', KEYS[1], now, prefix .. ARGV[i])
    held = held + 1
    mine = mine + 1
    granted = granted + 1
  else
    break
  end
end
redis.call('PEXPIRE', KEYS[1], window)
return granted`;
const TAKE_SCRIPT_SHA = createHash("sha1").update(TAKE_SCRIPT).digest("hex");

/**
 * KEYS[1]: the sorted set. ARGV: time, member, bare rule id, … (triples). Adds this process's places
 * again (NX: a place already there keeps its time), except one an older process holds under its
 * bare rule id: during a rolling upgrade each announcement of the last minute would otherwise
 * count twice, and the window refuse what it has room for.
 */
const SEED_SCRIPT = `for i = 1, #ARGV, 3 do
  if not redis.call('ZSCORE', KEYS[1], ARGV[i + 2]) then
    redis.call('ZADD', KEYS[1], 'NX', ARGV[i], ARGV[i + 1])
  end
end
return 0`;
/** Places per seed call: a call's arguments are spread, and V8 bounds how many one call may take. */
const SEED_CHUNK = 10_000;

export function createAnnouncementWindow(options: AnnouncementWindowOptions): AnnouncementWindow {
  const { limit, redis } = options;
  const sharePercent = options.sharePercent ?? 100;
  const windowMs = options.windowMs ?? 60_000;
  const redisTimeoutMs = options.redisTimeoutMs ?? REDIS_ANSWER_MS;
  const key = options.key ?? "levee:mitigation:announcements";
  if (!Number.isInteger(limit) || limit < 0) throw new Error(`announcement window: bad limit ${limit}`);
  if (!Number.isInteger(sharePercent) || sharePercent < 1 || sharePercent > 100)
    throw new Error(`announcement window: bad workspace share ${sharePercent}`);
  if (limit === 0) return { limit, take: async (_, ids) => ids.length };
  const cap = workspaceCap(limit, sharePercent);

  const local = new Map<string, Place>();
  let seeded: Promise<void> | undefined;
  let redisSeeded = false;
  let redisFailing = false;
  /** Script calls past their bound and not answered yet: while there is one, Redis is not asked. */
  let unanswered = 0;
  const seed = () => {
    seeded ??= options.recent(Date.now() - windowMs).then(
      (rows) => {
        for (const row of rows) if (!local.has(row.id)) local.set(row.id, row);
      },
      (error: unknown) => {
        seeded = undefined; // tried again at the next take
        throw error;
      },
    );
    return seeded;
  };

  const takeInRedis = async (client: Redis, workspaceId: string, ids: string[], now: number) => {
    if (!redisSeeded) {
      // Places already there (this process's own, or another's) keep their time (SEED_SCRIPT).
      const places = [...local.values()].filter((p) => p.at > now - windowMs);
      for (let i = 0; i < places.length; i += SEED_CHUNK) {
        const triples = places
          .slice(i, i + SEED_CHUNK)
          .flatMap((p) => [p.at, member(p.workspaceId, p.id), p.id]);
        await client.eval(SEED_SCRIPT, 1, key, ...triples);
      }
      redisSeeded = true;
    }
    const args = [now, windowMs, limit, cap, workspaceId, ...ids];
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
    async take(workspaceId, ids, now) {
      if (ids.length === 0) return 0;
      await seed();
      for (const [id, place] of local) if (place.at <= now - windowMs) local.delete(id);
      // Disconnected: Redis may come back without its data (restarted), so this process's places
      // are added again once it answers.
      if (redis && DOWN.has(redis.status)) redisSeeded = false;
      // A stalled Redis (connected, never answering) is waited for once, for the bound; until that
      // call answers, later takes count here at once instead of each waiting the bound again.
      if (redis && !DOWN.has(redis.status) && unanswered === 0) {
        try {
          // A place Redis grants after the timeout is only counted there: the window errs on the safe side.
          const granted = await answerWithin(takeInRedis(redis, workspaceId, ids, now), {
            ms: redisTimeoutMs,
            // Answered at last: what was counted here meanwhile is added to Redis at the next take.
            onLate: () => {
              unanswered--;
              redisSeeded = false;
            },
          });
          redisFailing = false;
          // Kept locally too: while Redis is away this process still knows its own places.
          for (const id of ids.slice(0, granted))
            if (!local.has(id)) local.set(id, { id, workspaceId, at: now });
          return granted;
        } catch (error) {
          if (error instanceof RedisTimeoutError) unanswered++;
          if (!redisFailing) options.onRedisError?.(error as Error);
          redisFailing = true;
          redisSeeded = false;
        }
      }
      return grantPlaces(local, { workspaceId, ids, now, limit, cap });
    },
  };
}
