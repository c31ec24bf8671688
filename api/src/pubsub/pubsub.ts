import type { Logger } from "../logging/logger.ts";
import { createJsonEventTarget } from "./json-event-target.ts";
import { createTopicPubSub, type TopicPubSub } from "./topic-pubsub.ts";

/**
 * Typed pub/sub behind the GraphQL subscriptions: resolvers call pubsub.subscribe(topic, id) and
 * pubsub.publish(topic, id, payload) (or the id-less forms for `[payload]` topics).
 *
 * Payloads must be JSON-serialisable: publish IDs and plain values (strings, numbers, booleans, null,
 * arrays, plain objects) — not Dates, Maps, BigInts, class instances or Prisma objects; subscribers
 * re-load anything richer by id. With Redis, payloads cross processes as JSON; the in-process variant
 * JSON round-trips them as well, so such bugs also show up in embedded mode.
 *
 * Delivery is at-most-once: with Redis, a message published before the SUBSCRIBE reached Redis (right
 * after a client subscribed) or while Redis is unreachable is lost. A subscriber that must not miss
 * an event (a deletion that ends its stream) reads the database again after `pubsub.subscribed()`,
 * and again each time `pubsub.onResubscribed` tells the subscriber connection came back.
 */
export interface LeveePubSub<Topics extends Record<string, [string, unknown] | [unknown]>> {
  pubsub: TopicPubSub<Topics>;
  readonly kind: "in-process" | "redis";
  /** Quits the Redis connections it created; idempotent. */
  close(): Promise<void>;
}

export interface LeveePubSubOptions {
  redisUrl?: string;
  /** Prefix of every Redis channel (`${channelPrefix}:${topic}:${id}`), default "levee". */
  channelPrefix?: string;
  logger: Logger;
}

/** The Redis variant's modules are loaded only when `redisUrl` is set (embedded starts skip them). */
export async function createLeveePubSub<Topics extends Record<string, [string, unknown] | [unknown]>>(
  options: LeveePubSubOptions,
): Promise<LeveePubSub<Topics>> {
  const logger = options.logger.child({ component: "pubsub" });
  if (!options.redisUrl) {
    return {
      pubsub: createTopicPubSub<Topics>(createJsonEventTarget()),
      kind: "in-process",
      close: async () => {},
    };
  }
  const { createPrefixedRedisEventTarget } = await import("./redis-event-target.ts");
  const redis = createPrefixedRedisEventTarget({
    redisUrl: options.redisUrl,
    channelPrefix: options.channelPrefix ?? "levee",
    logger,
  });
  let closing: Promise<void> | undefined;
  return {
    pubsub: createTopicPubSub<Topics>(redis.target, redis.subscribed, redis.onResubscribed, redis.publishes),
    kind: "redis",
    close: () => {
      closing ??= redis.close();
      return closing;
    },
  };
}
