import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { LatestAnswers } from "./latest-answers.ts";

/** A request answered when the test says. */
function pending<T>() {
  let answer!: (value: T) => void;
  const promise = new Promise<T>((resolve) => {
    answer = resolve;
  });
  return { promise, answer };
}

describe("following the latest heartbeat answer", () => {
  it("drops an answer older than one already followed (an old interface setting does not switch the agent back)", async () => {
    const followed: string[] = [];
    const answers = new LatestAnswers<string>(
      async (setting) => {
        followed.push(setting);
      },
      (error) => assert.fail(String(error)),
    );
    const older = pending<string>();
    const newer = pending<string>();
    const first = answers.send(() => older.promise);
    const second = answers.send(() => newer.promise);
    newer.answer("eth1");
    await second;
    older.answer("eth0");
    await first;
    assert.deepEqual(followed, ["eth1"]);
    // A request sent after it is followed as usual.
    await answers.send(async () => "eth2");
    assert.deepEqual(followed, ["eth1", "eth2"]);
  });

  it("follows answers one at a time, in the order they were sent, and goes on after a failure to follow", async () => {
    const events: string[] = [];
    const errors: unknown[] = [];
    const slow = pending<void>();
    const answers = new LatestAnswers<string>(
      async (setting) => {
        events.push(`start ${setting}`);
        if (setting === "eth0") await slow.promise;
        if (setting === "bad") throw new Error("capture will not re-open");
        events.push(`end ${setting}`);
      },
      (error) => errors.push(error),
    );
    const first = answers.send(async () => "eth0");
    await new Promise((resolve) => setImmediate(resolve));
    const second = answers.send(async () => "bad");
    const third = answers.send(async () => "eth1");
    await new Promise((resolve) => setImmediate(resolve));
    assert.deepEqual(events, ["start eth0"], "the next waits for the one being followed");
    slow.answer();
    await Promise.all([first, second, third]);
    assert.deepEqual(events, ["start eth0", "end eth0", "start bad", "start eth1", "end eth1"]);
    assert.equal(errors.length, 1);
  });

  it("passes a failed request's error to the caller, and a later answer is still followed", async () => {
    const followed: string[] = [];
    const answers = new LatestAnswers<string>(
      async (setting) => {
        followed.push(setting);
      },
      () => {},
    );
    await assert.rejects(
      answers.send(async () => {
        throw new Error("API unreachable");
      }),
      /API unreachable/,
    );
    await answers.send(async () => "eth1");
    assert.deepEqual(followed, ["eth1"]);
  });
});
