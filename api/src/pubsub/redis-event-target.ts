import { createRedisEventTarget } from "@graphql-yoga/redis-event-target";
import { Redis } from "ioredis";
import type { Logger } from "../logging/logger.ts";
import { quitWithin, REDIS_ANSWER_MS } from "../redis/answer-within.ts";
import type { AnyPubSubEventTarget } from "./json-event-target.ts";
import { PublishGate } from "./publish-gate.ts";

/** How often the publish gate's loop tick advances (a tenth of the 1 s bound). */
const PUBLISH_GATE_TICK_MS = 100;

/**
 * Maps every event type to the Redis channel `${prefix}:${type}`. createPubSub names events `topic` or
 * `topic:id` and @graphql-yoga/redis-event-target uses the event type verbatim as the channel, with no
 * prefix option of its own.
 */
export function withChannelPrefix(inner: AnyPubSubEventTarget, prefix: string): AnyPubSubEventTarget {
  const channel = (type: string) => `${prefix}:${type}`;
  return {
    addEventListener: (type, callback, options) => inner.addEventListener(channel(type), callback, options),
    removeEventListener: (type, callback, options) =>
      inner.removeEventListener(channel(type), callback, options),
    dispatchEvent: (event) =>
      inner.dispatchEvent(new CustomEvent(channel(event.type), { detail: event.detail })),
  };
}

/** Resolves once `client` is ready; rejects if it ends first. */
function untilReady(client: Redis): Promise<void> {
  if (client.status === "ready") return Promise.resolve();
  if (client.status === "end") return Promise.reject(new Error("Connection is closed."));
  return new Promise((resolve, reject) => {
    const settle = (error?: Error) => {
      client.off("ready", onReady).off("end", onEnd);
      if (error) reject(error);
      else resolve();
    };
    const onReady = () => settle();
    const onEnd = () => settle(new Error("Connection is closed."));
    client.on("ready", onReady).on("end", onEnd);
  });
}

/**
 * Wraps the commands the library fires without awaiting them:
 * - a rejection (Redis down past ioredis' retries, or a subscription ending after close()) is logged
 *   instead of becoming an unhandled rejection that kills the process;
 * - with `untilReady`, commands wait (in order) until the connection is ready. ioredis writes SUBSCRIBE
 *   immediately while a (re)connection is still in its handshake; the connection then enters subscriber
 *   mode, ioredis' own INFO ready check fails, and it reconnects — and re-subscribes — forever.
 */
export function guardCommands(
  client: Redis,
  commands: string[],
  options: {
    untilReady: boolean;
    onError: (err: unknown, command: string) => void;
    /** Sends a command only if the gate admits it (else it resolves undefined at once, unsent). */
    gate?: { admit(now: number): boolean; answered(): void };
  },
): Redis {
  let gate: Promise<void> = Promise.resolve();
  return new Proxy(client, {
    get(target, property) {
      const value: unknown = Reflect.get(target, property);
      if (typeof value !== "function") return value;
      if (typeof property !== "string" || !commands.includes(property)) return value.bind(target);
      return (...args: unknown[]) => {
        const admission = options.gate;
        if (admission && !admission.admit(Date.now())) return Promise.resolve(undefined);
        const ready = options.untilReady ? gate.then(() => untilReady(target)) : Promise.resolve();
        gate = ready.catch(() => {});
        const sent = ready.then(() => value.apply(target, args) as Promise<unknown>);
        return (admission ? sent.finally(() => admission.answered()) : sent).catch((err: unknown) =>
          options.onError(err, property),
        );
      };
    },
  });
}

/** Two connections (a subscriber cannot publish) behind a channel-prefixed event target. */
export function createPrefixedRedisEventTarget(options: {
  redisUrl: string;
  channelPrefix: string;
  logger: Logger;
}) {
  const { redisUrl, channelPrefix, logger } = options;
  let closed = false;
  const publisher = new Redis(redisUrl, { connectionName: `${channelPrefix}:pubsub:publish` });
  // No retry limit: SUBSCRIBEs issued while Redis is down wait for the reconnect instead of failing.
  const subscriber = new Redis(redisUrl, {
    connectionName: `${channelPrefix}:pubsub:subscribe`,
    maxRetriesPerRequest: null,
  });
  for (const connection of [publisher, subscriber]) {
    connection.on("error", (err) => logger.warn({ err }, "pub/sub redis connection error"));
  }
  const logFailure = (err: unknown, command: string) =>
    logger[closed ? "debug" : "warn"]({ err, command }, "pub/sub redis command failed");
  // PING goes through the same gate as SUBSCRIBE: Redis answers a connection's commands in order,
  // so its answer says every SUBSCRIBE sent before it is in place.
  const subscribeClient = guardCommands(subscriber, ["subscribe", "unsubscribe", "ping"], {
    untilReady: true,
    onError: logFailure,
  });
  // Lost and back: ioredis re-sends the connection's SUBSCRIBEs when it is ready again, but what
  // was published while it was down is lost for good (pub/sub is at most once).
  const resubscribedListeners = new Set<() => void>();
  let readyBefore = false;
  subscriber.on("ready", () => {
    if (!readyBefore) {
      readyBefore = true;
      return;
    }
    // 'ready' is emitted just before ioredis writes the re-SUBSCRIBEs, and the PING goes out a
    // few microtasks later (the gate): its answer says they are in place, so a listener's re-read
    // of the database sees every deletion it could have missed.
    void subscribeClient.ping().then(() => {
      if (closed) return;
      for (const listener of [...resubscribedListeners]) listener();
    });
  });
  const publishes = new PublishGate(REDIS_ANSWER_MS);
  // The gate's loop ticks (see PublishGate.admit): a timer, so a turn blocked past the bound is
  // told from Redis not answering. Unref'd: it keeps no process alive.
  let tick = 0;
  const ticker = setInterval(() => tick++, PUBLISH_GATE_TICK_MS);
  ticker.unref();
  let dropping = false;
  const publishGate = {
    admit(now: number) {
      const admitted = publishes.admit(now, tick);
      if (admitted === dropping) {
        dropping = !admitted;
        if (dropping)
          logger.warn(
            { boundMs: REDIS_ANSWER_MS },
            "redis not answering: publishes dropped until it answers",
          );
        else logger.info({ dropped: publishes.dropped }, "redis answers again: publishing");
      }
      return admitted;
    },
    answered: () => publishes.answered(),
  };
  const target = createRedisEventTarget({
    publishClient: guardCommands(publisher, ["publish"], {
      untilReady: false,
      onError: logFailure,
      gate: publishGate,
    }),
    subscribeClient,
  });
  return {
    target: withChannelPrefix(target, channelPrefix),
    /** Resolves once Redis has answered every SUBSCRIBE sent so far (or the PING failed: logged). */
    async subscribed(): Promise<void> {
      await subscribeClient.ping();
    },
    /** Publishes waiting for Redis' answer, and those dropped because it left one unanswered too long. */
    publishes: () => ({ unanswered: publishes.unanswered, dropped: publishes.dropped }),
    /** Calls `listener` each time the subscriber connection came back and its SUBSCRIBEs are in place again. */
    onResubscribed(listener: () => void): () => void {
      resubscribedListeners.add(listener);
      return () => resubscribedListeners.delete(listener);
    },
    async close(): Promise<void> {
      closed = true;
      clearInterval(ticker);
      await Promise.all([quitWithin(publisher), quitWithin(subscriber)]);
    },
  };
}
