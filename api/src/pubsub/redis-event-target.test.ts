import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import { Redis } from "ioredis";
import { testRedisUrl } from "../../test/databases.ts";
import { guardCommands } from "./redis-event-target.ts";

const redisUrl = testRedisUrl;

describe("guardCommands on an ioredis subscriber", () => {
  it("a SUBSCRIBE issued during the connection handshake does not send ioredis into a reconnect loop", async () => {
    const channel = `levee-test-handshake-${process.pid}`;
    const raw = new Redis(redisUrl, { maxRetriesPerRequest: null });
    const probe = new Redis(redisUrl);
    const errors: unknown[] = [];
    let reconnects = 0;
    raw.on("error", () => {}).on("reconnecting", () => reconnects++);
    const subscriber = guardCommands(raw, ["subscribe"], {
      untilReady: true,
      onError: (err) => errors.push(err),
    });
    try {
      // "connect" fires before ioredis' ready check: the window in which an unguarded SUBSCRIBE breaks it.
      raw.once("connect", () => void subscriber.subscribe(channel));
      for (const giveUpAt = Date.now() + 8000; ; await sleep(10)) {
        const [, count] = (await probe.pubsub("NUMSUB", channel)) as [string, number];
        if (count === 1) break;
        if (Date.now() > giveUpAt) throw new Error(`never subscribed (reconnects: ${reconnects})`);
      }
      await sleep(100);
      assert.equal(raw.status, "ready");
      assert.equal(reconnects, 0);
      assert.deepEqual(errors, []);
    } finally {
      await Promise.all([raw.quit(), probe.quit()]);
    }
  });

  it("logs instead of rejecting when the connection is already closed", async () => {
    const raw = new Redis(redisUrl);
    await raw.quit();
    const failed: string[] = [];
    const subscriber = guardCommands(raw, ["unsubscribe"], {
      untilReady: true,
      onError: (_err, command) => failed.push(command),
    });
    await subscriber.unsubscribe("anything");
    assert.deepEqual(failed, ["unsubscribe"]);
  });
});
