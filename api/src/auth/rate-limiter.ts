import { createHash } from "node:crypto";
import type { Redis } from "ioredis";
import { RateLimitedError } from "../errors.ts";
import { answerWithin, RedisTimeoutError } from "../redis/answer-within.ts";

export interface RateDecision {
  allowed: boolean;
  retryAfterSeconds: number;
}

export interface RateLimiter {
  hit(key: string): Promise<RateDecision>;
  /** `hit` answered at once when the count is in-process (no Redis configured): no promise; with Redis, a promise even while it is away. */
  check(key: string): RateDecision | Promise<RateDecision>;
  /**
   * A refusal of `key` still in force, answered from memory: no count, no Redis, no await. A
   * flood that is already refused then costs each further request a map look-up (the HTTP
   * router checks this before reading the body; `hit` checks it first too).
   */
  refusing(key: string, now?: number): RateDecision | undefined;
  /**
   * Waits before a refusal is answered. A refused client that retries the moment it is
   * answered (a flood) otherwise makes the process answer refusals flat out; held, each of its
   * connections costs a timer a second. Bounded (MAX_HELD, and MAX_HELD_PER_KEY for `key`: a
   * graphql-ws socket can send refused operations without waiting for their answers, and must not
   * use up the budget every other caller's refusals are held from); past it, answered at once —
   * unless `queue` is given: then a refusal past the caller's places waits in the caller's line
   * for one (first come, first held; MAX_QUEUED in all) until `queue` aborts. `queue` is the
   * client's lifetime (a socket, an HTTP request): once it aborts, its refusal leaves the line or
   * gives its held place back at once, for the next in line. Both graphql-ws operations and HTTP
   * requests queue (each waits on a connection of its own, so its place in line is bounded): a
   * caller with many connections otherwise had what the 64 places did not hold answered at once
   * and sent again at once — 1,400 answered refusals a second for one key, a quarter of a core.
   */
  hold(key?: string, queue?: AbortSignal): Promise<void>;
}

/**
 * How long a refusal is answered from memory before the count (Redis) is asked again. Short, so
 * a window that frees up (or another instance's count) is seen within a second; long enough
 * that a flood costs one real check per key per second.
 */
const REFUSAL_MEMO_MS = 1_000;
const MAX_REMEMBERED = 100_000;

/** ioredis states in which a command would wait for a reconnect that may take long. */
const DOWN = new Set(["reconnecting", "close", "end"]);

export interface RateLimitOptions {
  /**
   * A second count over one-second windows, so the minute's allowance cannot be spent in one
   * burst: 1,200 a minute taken at 100 a second is 12 s of a caller owning the process.
   */
  perSecond?: number;
  /** Refusals are answered this long after they are decided (`hold`); 0: at once. */
  holdRefusalsMs?: number;
}

/**
 * Sliding windows (one minute unless told) per key: API key, session or client address for
 * requests, the e-mail for sign-in attempts. The count is this window's hits plus the last
 * window's weighted by how much of it still overlaps, so a burst across a window boundary
 * gets no second allowance. In Redis the count is shared by every API instance; in-process
 * it is per process (embedded mode). While Redis is away each process counts on its own:
 * limits stay, and requests (agents' telemetry among them) neither fail nor wait for Redis. A
 * Redis that stalls (connected, never answering) is waited for REDIS_ANSWER_MS once, then
 * counted around until it answers again (gatherCounts).
 */
export function createRateLimiter(
  limitPerWindow: number,
  redis?: Redis,
  prefix = "levee",
  windowMs = 60_000,
  options: RateLimitOptions = {},
): RateLimiter {
  const counters = [windowCounter(limitPerWindow, windowMs, redis, prefix)];
  if (options.perSecond) counters.push(windowCounter(options.perSecond, 1_000, redis, `${prefix}:s`));
  const [only] = counters;
  const counter: Counter =
    counters.length === 1 && only
      ? only
      : {
          hit(key) {
            const decisions = counters.map((c) => c.hit(key));
            // In-process counts answer at once: combined without a promise (each operation of
            // every agent's socket passes here).
            return decisions.some((d) => d instanceof Promise)
              ? Promise.all(decisions).then(combined)
              : combined(decisions as RateDecision[]);
          },
        };
  return rememberingRefusals(counter, options.holdRefusalsMs ?? 0);
}

/** A count's decision: at once when counted in-process, a promise when Redis counts. */
type Counter = { hit(key: string): RateDecision | Promise<RateDecision> };

/** Allowed when every count allows it; else refused until the latest of the refusals ends. */
function combined(decisions: RateDecision[]): RateDecision {
  let refused: RateDecision | undefined;
  for (const d of decisions)
    if (!d.allowed && (!refused || d.retryAfterSeconds > refused.retryAfterSeconds)) refused = d;
  return refused ? { allowed: false, retryAfterSeconds: refused.retryAfterSeconds } : ALLOWED;
}

const ALLOWED: RateDecision = Object.freeze({ allowed: true, retryAfterSeconds: 0 });

function windowCounter(limitPerWindow: number, windowMs: number, redis: Redis | undefined, prefix: string) {
  const local = inProcessLimiter(limitPerWindow, windowMs);
  if (!redis) return local;
  const counts = redisCounts(redis);
  return {
    hit(key: string) {
      if (DOWN.has(redis.status) || counts.stalled()) return local.hit(key);
      const now = Date.now();
      const window = Math.floor(now / windowMs);
      return counts
        .count(`${prefix}:rate:${key}:${window}`, `${prefix}:rate:${key}:${window - 1}`, windowMs)
        .then(
          ({ current, previous }) => decide(now, current, previous, limitPerWindow, windowMs),
          () => local.hit(key),
        );
    },
  };
}

/** The hits of one window key in one turn, each waiting for its place in the count. */
interface KeyHits {
  previous: string;
  windowMs: number;
  waiters: {
    resolve: (count: { current: number; previous: number }) => void;
    reject: (e: unknown) => void;
  }[];
}

const countsByClient = new WeakMap<Redis, ReturnType<typeof gatherCounts>>();
const redisCounts = (redis: Redis) => {
  const known = countsByClient.get(redis);
  if (known) return known;
  const counts = gatherCounts(redis);
  countsByClient.set(redis, counts);
  return counts;
};

/**
 * One turn's counts in one script call: per window key, INCRBY its hits, keep it two windows,
 * and read the window before. KEYS: current, previous, … ; ARGV: ttl ms, hits, … (pairwise).
 * Answers total, previous, … in the same order.
 */
const COUNT_SCRIPT = `local out = {}
for i = 1, #KEYS / 2 do
  local total = redis.call('INCRBY', KEYS[2 * i - 1], ARGV[2 * i])
  redis.call('PEXPIRE', KEYS[2 * i - 1], ARGV[2 * i - 1])
  out[2 * i - 1] = total
  out[2 * i] = tonumber(redis.call('GET', KEYS[2 * i]) or '0')
end
return out`;
const COUNT_SCRIPT_SHA = createHash("sha1").update(COUNT_SCRIPT).digest("hex");
/** Window keys per script call (two arguments each, two more per key in ARGV). */
const MAX_KEYS_PER_CALL = 1_000;

/**
 * Counts in Redis gathered per turn of the event loop: every hit of the turn, whatever its
 * limiter or key, goes in one script call (one command, one reply), and n hits of one key in one
 * INCRBY whose total gives each of them its own place (total − n + 1 … total), as n INCRs would.
 * A MULTI per hit cost an API process with Redis 78 % more CPU per agent report than without
 * (bench:ingest, single-sample ceiling: 0.139 against 0.078 ms), a third of it writing them;
 * a pipeline of three commands per key per turn still cost ~10 % of a report (ioredis' objects).
 *
 * Each script call is bounded (answerWithin, one timer per call, none per hit): one that does not
 * answer within REDIS_ANSWER_MS sends its hits to their in-process counts, and until it answers
 * (Redis is back) `stalled()` says so and later hits are counted in-process without being sent:
 * a stalled Redis holds requests once, for the bound, not on every turn. Its late answer decides
 * nothing (each hit already has its decision); Redis then holds those hits once, as sent.
 */
function gatherCounts(redis: Redis) {
  let turn = new Map<string, KeyHits>();
  let scheduled = false;
  /** Script calls past their bound and not answered yet. */
  let unanswered = 0;
  const run = (keys: string[], args: number[]) =>
    redis
      .evalsha(COUNT_SCRIPT_SHA, keys.length, ...keys, ...args)
      .catch((error: unknown) =>
        error instanceof Error && error.message.startsWith("NOSCRIPT")
          ? redis.eval(COUNT_SCRIPT, keys.length, ...keys, ...args)
          : Promise.reject(error),
      ) as Promise<number[]>;
  const flush = () => {
    scheduled = false;
    const hits = [...turn];
    turn = new Map();
    // At most MAX_KEYS_PER_CALL window keys a call: a call's arguments are spread, and V8 bounds
    // how many one call may take.
    for (let i = 0; i < hits.length; i += MAX_KEYS_PER_CALL) countChunk(hits.slice(i, i + MAX_KEYS_PER_CALL));
  };
  const countChunk = (hits: [string, KeyHits][]) => {
    const keys: string[] = [];
    const args: number[] = [];
    for (const [current, { previous, windowMs, waiters }] of hits) {
      keys.push(current, previous);
      args.push(2 * windowMs, waiters.length);
    }
    // Thrown at once, rejected later or unanswered, a failure sends every hit of the call to its
    // local count.
    answerWithin(
      Promise.resolve().then(() => run(keys, args)),
      { onLate: () => unanswered-- },
    ).then(
      (counts) => {
        let i = 0;
        for (const [, { waiters }] of hits) {
          const total = Number(counts[i]);
          const previous = Number(counts[i + 1]);
          i += 2;
          waiters.forEach((w, k) => {
            w.resolve({ current: total - waiters.length + k + 1, previous });
          });
        }
      },
      (error: unknown) => {
        if (error instanceof RedisTimeoutError) unanswered++;
        for (const [, { waiters }] of hits) for (const w of waiters) w.reject(error);
      },
    );
  };
  return {
    /** A call went unanswered past its bound and still is: count in-process, send nothing. */
    stalled: () => unanswered > 0,
    count(current: string, previous: string, windowMs: number) {
      return new Promise<{ current: number; previous: number }>((resolve, reject) => {
        const key = turn.get(current);
        if (key) key.waiters.push({ resolve, reject });
        else turn.set(current, { previous, windowMs, waiters: [{ resolve, reject }] });
        if (!scheduled) {
          scheduled = true;
          setImmediate(flush);
        }
      });
    },
  };
}

/** Refusals held at once; past this they are answered at once (a held answer keeps a socket). */
const MAX_HELD = 10_000;
/** Of those, refusals of one caller (by rate key). */
const MAX_HELD_PER_KEY = 64;
/** Refusals waiting in callers' lines for a held place, in all; past this they are answered at once. */
const MAX_QUEUED = 10_000;
/** Of those, in one caller's line: one caller cannot take the whole line from the others. */
const MAX_QUEUED_PER_KEY = 256;

/**
 * Remembers each refusal for REFUSAL_MEMO_MS (or until its retry time, if sooner). Refused hits
 * answered from memory are not counted: the window counts what was let through plus one
 * refusal a second, so a caller that stops flooding is let in again as the window slides on.
 */
function rememberingRefusals(counter: Counter, holdMs: number): RateLimiter {
  const refused = new Map<string, { until: number; retryAt: number }>();
  let held = 0;
  let queued = 0;
  const heldByKey = new Map<string, number>();
  /**
   * Per caller, refusals waiting for one of its held places (hold's `queue`), oldest first. A
   * waiter's turn says whether it took the place: one whose client is gone does not.
   */
  const lines = new Map<string, Set<() => boolean>>();
  const release = (key: string | undefined) => {
    held--;
    if (key === undefined) return;
    const left = (heldByKey.get(key) ?? 1) - 1;
    if (left > 0) heldByKey.set(key, left);
    else heldByKey.delete(key);
    const line = lines.get(key);
    if (!line) return;
    // The place goes to the first waiter still there. A socket closing aborts its held places
    // before its waiters (their listeners came later): the place freed must not go to one of
    // those, or it is lost and a waiter of another socket waits with no place ever coming back.
    for (const next of line) {
      line.delete(next);
      if (next()) break;
    }
    if (line.size === 0 && lines.get(key) === line) lines.delete(key);
  };
  const wait = (key: string, queue: AbortSignal): Promise<void> =>
    new Promise((resolve) => {
      const line = lines.get(key) ?? new Set<() => boolean>();
      lines.set(key, line);
      queued++;
      const abandon = () => {
        queued--;
        line.delete(turn);
        if (line.size === 0 && lines.get(key) === line) lines.delete(key);
        resolve();
      };
      const turn = () => {
        queued--;
        queue.removeEventListener("abort", abandon);
        if (queue.aborted) {
          resolve();
          return false;
        }
        resolve(limiter.hold(key, queue));
        return true;
      };
      line.add(turn);
      queue.addEventListener("abort", abandon, { once: true });
    });
  const refusing = (key: string, now = Date.now()): RateDecision | undefined => {
    const entry = refused.get(key);
    if (!entry) return undefined;
    if (entry.until <= now) {
      refused.delete(key);
      return undefined;
    }
    return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((entry.retryAt - now) / 1000)) };
  };
  /** A refusal is answered from memory for REFUSAL_MEMO_MS (or until its retry time, if sooner). */
  const remember = (key: string, decision: RateDecision): RateDecision => {
    if (decision.allowed) return decision;
    const now = Date.now();
    if (refused.size >= MAX_REMEMBERED) for (const [k, v] of refused) if (v.until <= now) refused.delete(k);
    if (refused.size >= MAX_REMEMBERED) refused.clear();
    const retryAt = now + decision.retryAfterSeconds * 1000;
    refused.set(key, { until: Math.min(now + REFUSAL_MEMO_MS, retryAt), retryAt });
    return decision;
  };
  const limiter: RateLimiter = {
    refusing,
    async hit(key) {
      return limiter.check(key);
    },
    check(key) {
      const remembered = refusing(key);
      if (remembered) return remembered;
      const decision = counter.hit(key);
      return decision instanceof Promise ? decision.then((d) => remember(key, d)) : remember(key, decision);
    },
    hold(key, queue) {
      if (holdMs <= 0 || held >= MAX_HELD || queue?.aborted) return Promise.resolve();
      const ofKey = key === undefined ? 0 : (heldByKey.get(key) ?? 0);
      if (key !== undefined && ofKey >= MAX_HELD_PER_KEY)
        return queue && queued < MAX_QUEUED && (lines.get(key)?.size ?? 0) < MAX_QUEUED_PER_KEY
          ? wait(key, queue)
          : Promise.resolve();
      held++;
      if (key !== undefined) heldByKey.set(key, ofKey + 1);
      return new Promise((resolve) => {
        // Given back once, when the hold is over or its client is gone (nobody to hold it from).
        const over = () => {
          clearTimeout(timer);
          queue?.removeEventListener("abort", over);
          release(key);
          resolve();
        };
        const timer = setTimeout(over, holdMs);
        queue?.addEventListener("abort", over, { once: true });
      });
    },
  };
  return limiter;
}

function inProcessLimiter(limitPerWindow: number, windowMs: number): Counter {
  const counts = new Map<string, { window: number; count: number; previous: number }>();
  return {
    hit(key) {
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
 * A refusal is held under `key` (see `hold`, and its `queue`: a socket's refusals wait in line).
 */
export function admit(
  limiter: RateLimiter,
  key: string,
  queue?: AbortSignal,
  /** Told when the refusal starts being held (a graphql-ws socket counts it apart from its work). */
  holding?: () => void,
): Promise<void> | undefined {
  const checked = limiter.check(key);
  // Admitted by an in-process count: nothing to wait for (the agent's every report).
  if (!(checked instanceof Promise))
    return checked.allowed ? undefined : refuse(limiter, key, checked, queue, holding);
  return checked.then((decision) =>
    decision.allowed ? undefined : refuse(limiter, key, decision, queue, holding),
  );
}

/** Holds the refusal (see `hold`), then rejects with it. */
async function refuse(
  limiter: RateLimiter,
  key: string,
  decision: RateDecision,
  queue?: AbortSignal,
  holding?: () => void,
): Promise<void> {
  holding?.();
  await limiter.hold(key, queue);
  throw new RateLimitedError(decision.retryAfterSeconds);
}
