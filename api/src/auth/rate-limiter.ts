import type { Redis } from "ioredis";
import { RateLimitedError } from "../errors.ts";

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
 * limits stay, and requests (agents' telemetry among them) neither fail nor wait for Redis.
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
  return {
    async hit(key: string) {
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
