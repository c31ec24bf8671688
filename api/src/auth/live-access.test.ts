import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { whileChecked } from "./live-access.ts";

/** Events handed to the subscription one at a time, as a pub/sub topic would. */
class Topic<T> implements AsyncIterable<T> {
  private readonly queued: T[] = [];
  private wake: (() => void) | undefined;
  push(event: T): void {
    this.queued.push(event);
    this.wake?.();
  }
  async *[Symbol.asyncIterator](): AsyncGenerator<T> {
    for (;;) {
      const event = this.queued.shift();
      if (event !== undefined) yield event;
      else await new Promise<void>((resolve) => (this.wake = resolve));
    }
  }
}

/** Checks that answer when the test says so. */
function checks() {
  const calls: { resolve(allowed: boolean): void }[] = [];
  const check = () =>
    new Promise<boolean>((resolve) => {
      calls.push({ resolve });
    });
  return { calls, check };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe("whileChecked (subscriptions stop for a revoked credential or role)", () => {
  it("never holds an event for a check while events keep coming; after a silence the event waits for a fresh one", async () => {
    let t = 0;
    const topic = new Topic<string>();
    const { calls, check } = checks();
    const stream = whileChecked(topic, check, () => t);
    const first = stream.next(); // subscribed (and checked) at 0
    t = 1000;
    topic.push("a");
    assert.deepEqual(await first, { done: false, value: "a" });
    // The consumer asks for the next event at once (graphql-ws does); at 3 s the last check is
    // half-way stale, so the next one starts behind the stream.
    t = 3000;
    let next = stream.next();
    topic.push("b");
    assert.deepEqual(await next, { done: false, value: "b" }, "not held for the background check");
    assert.equal(calls.length, 1);
    calls[0]?.resolve(true);
    await settle();
    next = stream.next();
    t = 7000; // 4 s after the check that started at 3 s: still good
    topic.push("c");
    assert.deepEqual(await next, { done: false, value: "c" });
    assert.equal(calls.length, 1, "no second check yet");
    // A long silence: the next event must wait for a check that vouches for now.
    next = stream.next();
    await settle();
    assert.equal(calls.length, 2, "started as the consumer waited (4 s after the last check)");
    calls[1]?.resolve(true);
    await settle();
    t = 20_000;
    topic.push("d");
    let delivered = false;
    void next.then(() => (delivered = true));
    await settle();
    assert.equal(delivered, false, "the check from 7 s does not vouch for 20 s");
    assert.equal(calls.length, 3);
    calls[2]?.resolve(true);
    assert.deepEqual(await next, { done: false, value: "d" });
  });

  it("ends the stream once a check refuses, even one run in the background", async () => {
    let t = 0;
    const topic = new Topic<string>();
    const { calls, check } = checks();
    const stream = whileChecked(topic, check, () => t);
    const first = stream.next();
    t = 3000;
    topic.push("a");
    assert.deepEqual(await first, { done: false, value: "a" });
    const next = stream.next();
    await settle();
    assert.equal(calls.length, 1);
    calls[0]?.resolve(false); // the key was revoked meanwhile
    await settle();
    t = 3500;
    topic.push("b");
    assert.deepEqual(await next, { done: true, value: undefined });
  });
});
