import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { endSignalOf, endsWhen } from "./ends-when.ts";
import { createJsonEventTarget } from "./json-event-target.ts";
import { createTopicPubSub } from "./topic-pubsub.ts";

type Topics = { traffic: [string, { n: number }]; deleted: [string, { at: string }] };

/** A topic's events as a generator, as subscription guards hand them on. */
async function* eventsOf<T>(events: AsyncIterableIterator<T>): AsyncGenerator<T> {
  try {
    for await (const event of events) yield event;
  } finally {
    await events.return?.();
  }
}

describe("endsWhen", () => {
  const setup = () => {
    const pubsub = createTopicPubSub<Topics>(createJsonEventTarget());
    const signal = endSignalOf(pubsub.subscribe("deleted", "n1"));
    const traffic = pubsub.subscribe("traffic", "n1");
    return { pubsub, signal, traffic, stream: endsWhen(eventsOf(traffic), signal) };
  };

  it("passes events on, then completes once the signal's topic has an event", async () => {
    const { pubsub, stream } = setup();
    const first = stream.next();
    pubsub.publish("traffic", "n1", { n: 1 });
    assert.deepEqual(await first, { done: false, value: { n: 1 } });
    const waiting = stream.next();
    pubsub.publish("deleted", "n2", { at: "x" });
    pubsub.publish("deleted", "n1", { at: "x" });
    assert.deepEqual(await waiting, { done: true, value: undefined });
    pubsub.publish("traffic", "n1", { n: 2 });
    assert.deepEqual(await stream.next(), { done: true, value: undefined });
  });

  it("fires on an event published before the stream was first read (the listener is on at once)", async () => {
    const { pubsub, stream } = setup();
    pubsub.publish("deleted", "n1", { at: "x" });
    assert.deepEqual(await stream.next(), { done: true, value: undefined });
  });

  it("a client's return() ends a quiet stream at once, and stops listening for the signal", async () => {
    const { pubsub, stream, signal } = setup();
    const waiting = stream.next();
    await stream.return(undefined);
    assert.deepEqual(await waiting, { done: true, value: undefined });
    pubsub.publish("deleted", "n1", { at: "x" });
    const never = Symbol("never");
    const fired = await Promise.race([
      signal.fired.then(() => "fired"),
      new Promise((resolve) => setTimeout(() => resolve(never), 20)),
    ]);
    assert.equal(fired, never, "a stopped signal does not fire");
  });
});
