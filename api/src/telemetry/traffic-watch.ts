import type { Redis } from "ioredis";
import type { Logger } from "../logging/logger.ts";
import type { TopicPubSub } from "../pubsub/topic-pubsub.ts";
import { answerWithin, REDIS_ANSWER_MS, RedisTimeoutError } from "../redis/answer-within.ts";
import type { Topics } from "../topics.ts";

/**
 * Which nodes someone watches live (a `trafficUpdated` subscriber on any API process), so a
 * sample is published only for those: at 100k nodes most samples have no watcher, and a PUBLISH
 * each costs Redis and every process's subscriber connection as much as a watched one.
 *
 * Why a shared hash and not filtering on the subscriber side: the cost to save is the PUBLISH
 * itself, so the publishing process must know. Each process keeps its own subscriber counts;
 * while it has one for a node it refreshes `<prefix>:watch:traffic` field nodeId = until
 * (now + ttl) every ttl/3, and announces a new watch at once on `trafficWatched`, so the agent's
 * process starts publishing within a round trip instead of a refresh period. Every process
 * reads the hash on the same period. A watcher that vanishes (process killed) stops counting
 * when its `until` passes: publishing for an unwatched node goes on for at most one ttl.
 * Without Redis (one process) the local counts decide.
 */
export class TrafficWatch {
  private readonly local = new Map<string, number>();
  private readonly remote = new Map<string, number>();
  private timer: NodeJS.Timeout | null = null;
  /** The sync round Redis has not answered yet: no other is sent meanwhile. */
  private unanswered: Promise<void> | null = null;
  /** Sync rounds not sent because the one before was still unanswered (a stalled Redis). */
  skippedSyncs = 0;
  private readonly key: string;
  private readonly ttlMs: number;

  constructor(
    private readonly pubsub: TopicPubSub<Topics>,
    private readonly redis: Redis | undefined,
    private readonly logger: Logger,
    options: { prefix?: string; ttlMs?: number } = {},
  ) {
    this.key = `${options.prefix ?? "levee"}:watch:traffic`;
    this.ttlMs = options.ttlMs ?? 30_000;
  }

  /**
   * Starts listening for other processes' watches (Redis only). Its first read waits at most
   * REDIS_ANSWER_MS: a process starting on a stalled Redis starts, and learns the watches once
   * Redis answers (meanwhile it publishes for its own watchers and those announced to it).
   */
  async start(): Promise<void> {
    if (!this.redis) return;
    const announced = this.pubsub.subscribeUnbounded("trafficWatched")[Symbol.asyncIterator]();
    void (async () => {
      for (let next = await announced.next(); !next.done; next = await announced.next())
        this.remote.set(
          next.value.nodeId,
          Math.max(this.remote.get(next.value.nodeId) ?? 0, next.value.until),
        );
    })().catch((error) => this.logger.warn({ err: error }, "traffic watch announcements ended"));
    this.stopAnnouncements = () => void announced.return?.();
    await this.sync();
    this.timer = setInterval(() => void this.sync(), Math.max(1000, this.ttlMs / 3));
    this.timer.unref();
  }

  private stopAnnouncements = () => {};

  close(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.stopAnnouncements();
  }

  isWatched(nodeId: string, now = Date.now()): boolean {
    return (this.local.get(nodeId) ?? 0) > 0 || (this.remote.get(nodeId) ?? 0) > now;
  }

  /** Counts one watcher of nodeId until the returned release is called (once). */
  watch(nodeId: string): () => void {
    const count = (this.local.get(nodeId) ?? 0) + 1;
    this.local.set(nodeId, count);
    // While a sync is unanswered (a stalled Redis) the HSET would only queue behind it: the next
    // round writes every local watch anyway.
    if (count === 1 && this.redis) {
      const until = Date.now() + this.ttlMs;
      this.pubsub.publish("trafficWatched", { nodeId, until });
      if (!this.unanswered)
        this.redis
          .hset(this.key, nodeId, String(until))
          .catch((error) => this.logger.warn({ err: error }, "traffic watch not shared"));
    }
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const left = (this.local.get(nodeId) ?? 1) - 1;
      if (left > 0) this.local.set(nodeId, left);
      else this.local.delete(nodeId); // the shared entry lapses at its `until`
    };
  }

  /**
   * Refreshes this process's watches and reads everyone's; a failed round keeps what it knew. A
   * round is waited for at most REDIS_ANSWER_MS; while one is unanswered (a stalled Redis) later
   * rounds are skipped (counted in skippedSyncs), so a long stall queues one round's commands in
   * the process, not one per period. Its late answer still applies.
   */
  async sync(now = Date.now()): Promise<void> {
    if (!this.redis) return;
    if (this.unanswered) {
      this.skippedSyncs++;
      return;
    }
    const round = this.round(this.redis, now);
    this.unanswered = round;
    void round.then(() => {
      this.unanswered = null;
    });
    try {
      await answerWithin(round, { ms: REDIS_ANSWER_MS });
    } catch (error) {
      if (!(error instanceof RedisTimeoutError)) throw error;
      this.logger.warn({ err: error }, "traffic watch sync unanswered; no other is sent until it answers");
    }
  }

  /**
   * One sync round; never rejects (a failure is logged). `now` is the round's send time; what it
   * reads is judged at the time the answer came (`now` plus the wait), since a stalled Redis may
   * answer after the ttl: entries that lapsed meanwhile are not taken as watched, and this
   * process's own watches, written with an `until` that may have lapsed before Redis took it,
   * are written again so other processes do not drop them until the next period.
   */
  private async round(redis: Redis, now: number): Promise<void> {
    const sentAt = Date.now();
    try {
      if (this.local.size > 0) await this.writeLocal(redis, now);
      const all = await redis.hgetall(this.key);
      const waited = Date.now() - sentAt;
      const answeredAt = now + waited;
      if (waited > REDIS_ANSWER_MS && this.local.size > 0) await this.writeLocal(redis, answeredAt);
      this.remote.clear();
      const expired: string[] = [];
      for (const [nodeId, until] of Object.entries(all)) {
        if (Number(until) > answeredAt) this.remote.set(nodeId, Number(until));
        else expired.push(nodeId);
      }
      // Removed only if still expired (another process may have just refreshed it).
      for (const nodeId of expired)
        await redis.eval(DELETE_IF_EXPIRED, 1, this.key, nodeId, String(answeredAt));
    } catch (error) {
      this.logger.warn({ err: error }, "traffic watch sync failed");
    }
  }

  private async writeLocal(redis: Redis, now: number): Promise<void> {
    const until = String(now + this.ttlMs);
    await redis.hset(this.key, Object.fromEntries([...this.local.keys()].map((id) => [id, until])));
  }
}

const DELETE_IF_EXPIRED = `local v = redis.call('HGET', KEYS[1], ARGV[1])
if v and tonumber(v) <= tonumber(ARGV[2]) then redis.call('HDEL', KEYS[1], ARGV[1]) end
return 0`;

/** Passes source on and calls release once when it ends, fails or is closed by the client. */
export function releasing<T>(source: AsyncGenerator<T>, release: () => void): AsyncGenerator<T> {
  const wrapped: AsyncGenerator<T> = {
    async next(...args: [] | [unknown]) {
      try {
        const result = await source.next(...args);
        if (result.done) release();
        return result;
      } catch (error) {
        release();
        throw error;
      }
    },
    return(value) {
      release();
      return source.return(value);
    },
    throw(error) {
      release();
      return source.throw(error);
    },
    [Symbol.asyncIterator]() {
      return wrapped;
    },
  };
  return wrapped;
}
