import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { InFlight } from "./in-flight.ts";

describe("operations in flight on sockets", () => {
  it("ends an operation whose execution throws after its socket closed (no onClose is left to come)", async () => {
    const inFlight = new InFlight();
    const connection = {};
    // The socket closed while the operation was being admitted: onClose ran before it started.
    inFlight.endAll(connection);
    inFlight.start(connection, "1");
    await assert.rejects(
      inFlight.execute(connection, "1", () => {
        throw new Error("execution failed");
      }),
      /execution failed/,
    );
    assert.equal(inFlight.size, 0);
    assert.equal(await inFlight.settled(50), true, "a shutdown does not wait for it");
  });

  it("keeps an operation that executed until its result is written (onComplete ends it)", async () => {
    const inFlight = new InFlight();
    const connection = {};
    inFlight.start(connection, "1");
    assert.equal(await inFlight.execute(connection, "1", async () => "result"), "result");
    assert.equal(inFlight.size, 1);
    const drained = inFlight.settled(1_000);
    inFlight.end(connection, "1");
    assert.equal(await drained, true);
  });

  it("a closed socket ends all of its operations, others' stay", async () => {
    const inFlight = new InFlight();
    const a = {};
    const b = {};
    inFlight.start(a, "1");
    inFlight.start(a, "2");
    inFlight.start(b, "1");
    inFlight.endAll(a);
    assert.equal(inFlight.size, 1);
    assert.equal(await inFlight.settled(20), false);
  });
});
