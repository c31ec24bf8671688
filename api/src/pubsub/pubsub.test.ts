import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { after, describe, it } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import { Redis } from "ioredis";
import pino from "pino";
import { testRedisUrl } from "../../test/databases.ts";
import { createLeveePubSub, type LeveePubSub } from "./pubsub.ts";
import { MAX_WAITING_EVENTS } from "./topic-pubsub.ts";

type TestTopics = {
  attackUpdated: [attackId: string, payload: { id: string; score: number; tags: string[] }];
  notice: [payload: { text: string }];
};

const redisUrl = testRedisUrl;
const runId = `levee-test-${randomBytes(4).toString("hex")}`;
const logger = pino({ level: "silent" });
const cleanups: Array<() => Promise<unknown>> = [];
after(() => Promise.all(cleanups.map((cleanup) => cleanup())));

async function open(channelPrefix?: string, url?: string): Promise<LeveePubSub<TestTopics>> {
  const instance = await createLeveePubSub<TestTopics>({ redisUrl: url, channelPrefix, logger });
  cleanups.push(() => instance.close());
  return instance;
}

/** A plain connection for observing Redis: subscriber counts and raw channel traffic. */
const probe = new Redis(redisUrl);
cleanups.push(() => probe.quit());

/** Redis only acknowledges SUBSCRIBE asynchronously; publishing before that would be lost. */
async function waitForSubscribers(channel: string, count: number): Promise<void> {
  for (const giveUpAt = Date.now() + 8000; Date.now() < giveUpAt; await sleep(10)) {
    const [, subscribers] = (await probe.pubsub("NUMSUB", channel)) as [string, number];
    if (subscribers === count) return;
  }
  throw new Error(`${channel} never had ${count} subscriber(s)`);
}

/** Starts consuming at once (the listener is only attached on the first next()) and resolves with n values. */
function take<T>(iterator: AsyncIterableIterator<T>, n: number): Promise<T[]> {
  const values: T[] = [];
  return (async () => {
    if (n === 0) return values;
    for await (const value of iterator) if (values.push(value) === n) break;
    return values;
  })();
}

const variants = [
  { kind: "in-process", prefix: undefined, url: undefined },
  { kind: "redis", prefix: `${runId}-contract`, url: redisUrl },
] as const;

for (const variant of variants) {
  const ready = (channel: string, count = 1) =>
    variant.url ? waitForSubscribers(`${variant.prefix}:${channel}`, count) : sleep(0);

  describe(`LeveePubSub contract: ${variant.kind}`, async () => {
    const { pubsub, kind } = await open(variant.prefix, variant.url);

    it("delivers publish(topic, id) to subscribe(topic, id) in order, as JSON-equal copies", async () => {
      assert.equal(kind, variant.kind);
      const received = take(pubsub.subscribe("attackUpdated", "a1"), 3);
      await ready("attackUpdated:a1");
      const payloads = [1, 2, 3].map((score) => ({ id: "a1", score, tags: ["syn", `#${score}`] }));
      for (const payload of payloads) pubsub.publish("attackUpdated", "a1", payload);
      const values = await received;
      assert.deepEqual(values, payloads);
      assert.notEqual(values[0], payloads[0], "subscriber got the publisher's object, not a copy");
    });

    it("does not deliver to a different id", async () => {
      const received = take(pubsub.subscribe("attackUpdated", "a2"), 1);
      await ready("attackUpdated:a2");
      pubsub.publish("attackUpdated", "a3", { id: "a3", score: 9, tags: [] });
      pubsub.publish("attackUpdated", "a2", { id: "a2", score: 1, tags: [] });
      assert.deepEqual(await received, [{ id: "a2", score: 1, tags: [] }]);
    });

    it("supports id-less topics and JSON round-trips payloads (a Date arrives as a string)", async () => {
      const received = take(pubsub.subscribe("notice"), 1);
      await ready("notice");
      pubsub.publish("notice", { text: "hi", at: new Date(0) } as never);
      assert.deepEqual(await received, [{ text: "hi", at: "1970-01-01T00:00:00.000Z" }]);
    });

    it("a subscriber that stops reading fails alone, past MAX_WAITING_EVENTS, and the others get every event", async () => {
      // Each subscription keeps what its reader has not taken yet. A yoga Repeater threw from the
      // event target's listener loop past 1,024 waiting events: the listeners after it missed the
      // event (Redis) or the process got an uncaught exception (in-process).
      const total = MAX_WAITING_EVENTS + 3;
      const stuck = pubsub.subscribe("attackUpdated", "a5");
      const first = stuck.next();
      // The reading subscriber is given its turns: events are published in chunks, each once it has read the last.
      const scores: number[] = [];
      let onRead = () => {};
      const reading = (async () => {
        for await (const payload of pubsub.subscribe("attackUpdated", "a5")) {
          scores.push(payload.score);
          onRead();
          if (scores.length === total) break;
        }
      })();
      const readUpTo = (n: number) =>
        new Promise<void>((resolve) => {
          onRead = () => scores.length >= n && resolve();
          onRead();
        });
      await ready("attackUpdated:a5");
      for (let score = 0; score < total; score++) {
        pubsub.publish("attackUpdated", "a5", { id: "a5", score, tags: [] });
        if (score % 64 === 63 || score === total - 1) await readUpTo(score + 1);
      }
      await reading;
      assert.deepEqual(
        scores,
        Array.from({ length: total }, (_, i) => i),
        "the reading subscriber missed or reordered events",
      );
      // The first event went to the waiting read; the next MAX_WAITING_EVENTS waited; one more failed it.
      assert.equal((await first).value?.score, 0);
      await assert.rejects(stuck.next(), /more than 1024 events waited unread/);
      assert.deepEqual(await stuck.next(), { done: true, value: undefined });
    });

    it("stops delivering once the subscription's iterator is returned", async () => {
      const iterator = pubsub.subscribe("attackUpdated", "a4");
      const first = iterator.next();
      await ready("attackUpdated:a4");
      pubsub.publish("attackUpdated", "a4", { id: "a4", score: 1, tags: [] });
      assert.deepEqual((await first).value, { id: "a4", score: 1, tags: [] });
      await iterator.return?.();
      await ready("attackUpdated:a4", 0);
      pubsub.publish("attackUpdated", "a4", { id: "a4", score: 2, tags: [] });
      assert.deepEqual(await iterator.next(), { done: true, value: undefined });
    });
  });
}

describe("LeveePubSub across Redis instances", () => {
  it("a subscriber on one instance receives what another instance publishes", async () => {
    const api1 = await open(`${runId}-shared`, redisUrl);
    const api2 = await open(`${runId}-shared`, redisUrl);
    const received = take(api1.pubsub.subscribe("attackUpdated", "x"), 2);
    await waitForSubscribers(`${runId}-shared:attackUpdated:x`, 1);
    api2.pubsub.publish("attackUpdated", "x", { id: "x", score: 1, tags: [] });
    api2.pubsub.publish("attackUpdated", "x", { id: "x", score: 2, tags: [] });
    assert.deepEqual(
      (await received).map((p) => p.score),
      [1, 2],
    );
  });

  it("instances with different channel prefixes do not see each other", async () => {
    const [blue, green, alsoGreen] = await Promise.all([
      open(`${runId}-blue`, redisUrl),
      open(`${runId}-green`, redisUrl),
      open(`${runId}-green`, redisUrl),
    ]);
    const raw = probe.duplicate();
    cleanups.push(() => raw.quit());
    const channels: string[] = [];
    raw.on("pmessage", (_pattern, channel) => channels.push(channel));
    await raw.psubscribe(`${runId}-*`);
    const received = take(green.pubsub.subscribe("attackUpdated", "y"), 1);
    await waitForSubscribers(`${runId}-green:attackUpdated:y`, 1);
    blue.pubsub.publish("attackUpdated", "y", { id: "y", score: 666, tags: ["blue"] });
    // Wait until Redis has routed blue's message, so green would already have it if prefixes leaked.
    for (
      const giveUpAt = Date.now() + 8000;
      !channels.includes(`${runId}-blue:attackUpdated:y`);
      await sleep(10)
    ) {
      if (Date.now() > giveUpAt) throw new Error("blue's message never reached Redis");
    }
    alsoGreen.pubsub.publish("attackUpdated", "y", { id: "y", score: 1, tags: ["green"] });
    assert.deepEqual(await received, [{ id: "y", score: 1, tags: ["green"] }]);
  });

  it("close() is idempotent and subscriptions ending after it do not crash the process", async () => {
    const instance = await open(`${runId}-closing`, redisUrl);
    const iterator = instance.pubsub.subscribe("notice");
    const pending = iterator.next();
    await waitForSubscribers(`${runId}-closing:notice`, 1);
    await Promise.all([instance.close(), instance.close()]);
    await iterator.return?.(); // UNSUBSCRIBE on a closed connection: rejected, must be caught
    assert.deepEqual(await pending, { done: true, value: undefined });
    instance.pubsub.publish("notice", { text: "after close" }); // PUBLISH rejected, must be caught too
    await sleep(50);
  });
});

describe("TopicPubSub limits (in-process: publish hands events over at once)", async () => {
  const { pubsub } = await open();

  it("an unbounded subscription (the process's control loops) keeps every event past MAX_WAITING_EVENTS", async () => {
    // A control loop that missed one event would miss it for good (a revoked key left in a cache).
    const control = pubsub.subscribeUnbounded("attackUpdated", "u1");
    const first = control.next();
    const total = MAX_WAITING_EVENTS * 2;
    for (let score = 0; score < total; score++)
      pubsub.publish("attackUpdated", "u1", { id: "u1", score, tags: [] });
    const scores = [(await first).value?.score];
    for (let i = 1; i < total; i++) scores.push((await control.next()).value?.score);
    assert.deepEqual(
      scores,
      Array.from({ length: total }, (_, i) => i),
    );
    await control.return?.();
  });

  it("next() after return() is done, even when the subscription had failed unread", async () => {
    for (const end of ["return", "throw"] as const) {
      const stuck = pubsub.subscribe("attackUpdated", `f-${end}`);
      const first = stuck.next();
      for (let score = 0; score <= MAX_WAITING_EVENTS + 1; score++)
        pubsub.publish("attackUpdated", `f-${end}`, { id: "f", score, tags: [] });
      assert.equal((await first).value?.score, 0);
      if (end === "return") await stuck.return?.();
      else await assert.rejects(stuck.throw?.(new Error("stop")) ?? Promise.resolve(), /stop/);
      assert.deepEqual(await stuck.next(), { done: true, value: undefined }, `after ${end}()`);
    }
  });
});
