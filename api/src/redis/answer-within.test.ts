import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { answerWithin, RedisTimeoutError } from "./answer-within.ts";

/** A command whose answer the test gives when it likes. */
function held<T>() {
  let answer!: (value: T) => void;
  let fail!: (error: Error) => void;
  const command = new Promise<T>((resolve, reject) => {
    answer = resolve;
    fail = reject;
  });
  return { command, answer, fail };
}

describe("answerWithin", () => {
  it("passes on an answer or a failure that comes in time, and tells no one it was late", async () => {
    let late = 0;
    assert.equal(await answerWithin(Promise.resolve(7), { ms: 60_000, onLate: () => late++ }), 7);
    await assert.rejects(
      answerWithin(Promise.reject(new Error("NOSCRIPT")), { ms: 60_000, onLate: () => late++ }),
      /NOSCRIPT/,
    );
    assert.equal(late, 0);
  });

  it("rejects with RedisTimeoutError past its bound; the late answer is dropped and onLate told once", async () => {
    const { command, answer } = held<number>();
    let late = 0;
    const bounded = answerWithin(command, { ms: 5, onLate: () => late++ });
    await assert.rejects(
      bounded,
      (error) => error instanceof RedisTimeoutError && /within 5 ms/.test(error.message),
    );
    assert.equal(late, 0, "not answered yet");
    answer(1);
    await command;
    assert.equal(late, 1, "told when Redis answered");
  });

  it("a late failure is dropped too (no unhandled rejection), and onLate told", async () => {
    const { command, fail } = held<number>();
    let late = 0;
    await assert.rejects(answerWithin(command, { ms: 5, onLate: () => late++ }), RedisTimeoutError);
    fail(new Error("Connection is closed."));
    await command.catch(() => {});
    assert.equal(late, 1);
  });
});
