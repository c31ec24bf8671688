import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { KeyedSerial } from "./keyed-serial.ts";

/** A promise the test settles by hand (no clock). */
function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { open, opened };
}

describe("KeyedSerial", () => {
  it("runs one key's tasks in order, other keys meanwhile, and forgets idle keys", async () => {
    const serial = new KeyedSerial();
    const log: string[] = [];
    const first = gate();
    const a1 = serial.run("a", async () => {
      log.push("a1 start");
      await first.opened;
      log.push("a1 end");
    });
    const a2 = serial.run("a", async () => void log.push("a2"));
    const b1 = serial.run("b", async () => void log.push("b1"));
    await b1; // b does not wait for a
    assert.deepEqual(log, ["a1 start", "b1"]);
    first.open();
    await Promise.all([a1, a2]);
    assert.deepEqual(log, ["a1 start", "b1", "a1 end", "a2"]);
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(serial.size, 0);
  });

  it("a failed task rejects its caller and does not stop the next of its key", async () => {
    const serial = new KeyedSerial();
    const failed = serial.run("a", async () => {
      throw new Error("boom");
    });
    const next = serial.run("a", async () => "ran");
    await assert.rejects(failed, /boom/);
    assert.equal(await next, "ran");
  });
});
