import type { PubSubEventTarget } from "graphql-yoga";

type PublishArgsByTopic = Record<string, [unknown] | [string, unknown]>;
type MapToNull<V> = V extends undefined ? null : V;
/** What subscribers of a topic receive (as yoga types it): its payload, undefined as null. */
type Payload<T extends PublishArgsByTopic, K extends keyof T> = T[K][1] extends undefined
  ? MapToNull<T[K][0]>
  : MapToNull<T[K][1]>;

/**
 * graphql-yoga's pub/sub contract (publish(topic, id?, payload), subscribe(topic, id?)), with
 * each subscription a plain queue instead of a Repeater. A Repeater's push makes about eight
 * promises and an object made from a promise per event and subscriber: in a profile of
 * bench:fanout (5,000 subscribers) Repeaters took 18 % of the API's CPU, more than the socket writes.
 */
export interface TopicPubSub<T extends PublishArgsByTopic> {
  publish<K extends Extract<keyof T, string>>(topic: K, ...args: T[K]): void;
  subscribe<K extends Extract<keyof T, string>>(
    ...args: T[K][1] extends undefined ? [topic: K] : [topic: K, id: T[K][0]]
  ): AsyncIterableIterator<Payload<T, K>>;
  /**
   * subscribe() without the waiting limit, for the process's own control loops (credentials,
   * status pages, detection settings, traffic watches). They handle each event at once, so only
   * what arrives in one turn ever waits; and an event they missed would be missed for good (a
   * revoked key kept in the cache), where a failed client subscription is only re-subscribed.
   */
  subscribeUnbounded<K extends Extract<keyof T, string>>(
    ...args: T[K][1] extends undefined ? [topic: K] : [topic: K, id: T[K][0]]
  ): AsyncIterableIterator<Payload<T, K>>;
  /**
   * Resolves once every subscription listening now hears what any process publishes from then on:
   * at once in-process; with Redis, once Redis has answered the SUBSCRIBEs sent so far (a message
   * published before its SUBSCRIBE reached Redis is lost). What was published before shows in the
   * database: read after this, it tells what a subscriber may have missed.
   */
  subscribed(): Promise<void>;
  /**
   * Calls `listener` each time this process's subscriptions were lost and are in place again
   * (Redis: the subscriber connection came back and Redis has answered its re-SUBSCRIBEs; never
   * in-process). What was published meanwhile is lost: a subscriber that must not miss a
   * deletion reads the database again then. Returns the function that stops listening.
   */
  onResubscribed(listener: () => void): () => void;
  /**
   * Publishes sent and not answered yet, and those dropped since the start because Redis left one
   * unanswered past its bound (a stalled Redis: publish-gate.ts); both 0 in-process.
   */
  publishes(): PublishCounts;
}

export interface PublishCounts {
  unanswered: number;
  dropped: number;
}

/**
 * Events a subscriber may have waiting unread before its subscription fails (a Repeater's limit
 * of pending pushes): its reader is stuck, and holding more would only grow the process.
 */
export const MAX_WAITING_EVENTS = 1024;

export function createTopicPubSub<T extends PublishArgsByTopic>(
  target: PubSubEventTarget<Record<string, [unknown]>>,
  /** The target's subscribed() (Redis); none for a target whose listeners hear every event once added. */
  subscribed: () => Promise<void> = () => Promise.resolve(),
  /** The target's onResubscribed (Redis); none for a target that never loses its listeners. */
  onResubscribed: (listener: () => void) => () => void = () => () => {},
  /** The target's publish counts (Redis); none for a target that publishes at once. */
  publishes: () => PublishCounts = () => ({ unanswered: 0, dropped: 0 }),
): TopicPubSub<T> {
  return {
    subscribed,
    onResubscribed,
    publishes,
    // Event types and details exactly as yoga's createPubSub makes them: `topic` or `topic:id`.
    publish(topic, ...args) {
      const type = args[1] === undefined ? topic : `${topic}:${args[0]}`;
      target.dispatchEvent(new CustomEvent(type, { detail: args[1] ?? args[0] ?? null }));
    },
    subscribe(topic, ...[id]) {
      const type = id === undefined ? topic : `${topic}:${id}`;
      return new TopicSubscription(target, type, MAX_WAITING_EVENTS) as AsyncIterableIterator<never>;
    },
    subscribeUnbounded(topic, ...[id]) {
      const type = id === undefined ? topic : `${topic}:${id}`;
      return new TopicSubscription(target, type, Number.POSITIVE_INFINITY) as AsyncIterableIterator<never>;
    },
  };
}

/**
 * One subscriber's events, in the order they were dispatched. As with yoga's Repeater, the
 * listener is added at the first next() (so an iterator never read subscribes to nothing) and
 * removed by return(); events after return() are dropped, and a waiting next() ends.
 */
class TopicSubscription<E> implements AsyncIterableIterator<E> {
  private state: "idle" | "listening" | "ended" = "idle";
  /** Events not yet read (a ring would save the copy of shift(); rarely more than one waits). */
  private readonly events: E[] = [];
  /** Reads waiting for an event. */
  private readonly readers: ((step: IteratorResult<E>) => void)[] = [];
  /** Why the subscription failed (its reader fell too far behind): the next read rejects with it. */
  private failure: Error | undefined;
  private readonly listener = (event: Event) => this.deliver((event as CustomEvent<E>).detail);

  constructor(
    private readonly target: PubSubEventTarget<Record<string, [unknown]>>,
    private readonly type: string,
    private readonly maxWaiting: number,
  ) {}

  next(): Promise<IteratorResult<E>> {
    if (this.state === "idle") {
      this.state = "listening";
      this.target.addEventListener(this.type, this.listener);
    }
    if (this.events.length > 0) return Promise.resolve({ done: false, value: this.events.shift() as E });
    if (this.failure) {
      const failure = this.failure;
      this.failure = undefined;
      return Promise.reject(failure);
    }
    if (this.state === "ended") return Promise.resolve({ done: true, value: undefined });
    return new Promise((resolve) => this.readers.push(resolve));
  }

  // A failure not yet read is forgotten: after return() or throw() every next() is done.
  return(value?: unknown): Promise<IteratorResult<E>> {
    this.failure = undefined;
    this.end();
    return Promise.resolve({ done: true, value: value as E });
  }

  throw(error: unknown): Promise<IteratorResult<E>> {
    this.failure = undefined;
    this.end();
    return Promise.reject(error);
  }

  [Symbol.asyncIterator]() {
    return this;
  }

  /**
   * Hands an event to a waiting read, or keeps it. Never throws: the event target calls every
   * listener of an event in one loop, and a throw would keep the event from those after it.
   */
  private deliver(event: E) {
    if (this.state !== "listening") return;
    const reader = this.readers.shift();
    if (reader) return reader({ done: false, value: event });
    if (this.events.length < this.maxWaiting) {
      this.events.push(event);
      return;
    }
    this.events.length = 0;
    this.failure = new Error(
      `subscription to ${this.type} dropped: more than ${MAX_WAITING_EVENTS} events waited unread`,
    );
    this.end();
  }

  private end() {
    if (this.state === "listening") this.target.removeEventListener(this.type, this.listener);
    this.state = "ended";
    this.events.length = 0;
    for (const reader of this.readers.splice(0)) reader({ done: true, value: undefined });
  }
}
