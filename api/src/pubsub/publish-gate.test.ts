import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { PublishGate } from "./publish-gate.ts";

describe("PublishGate", () => {
  it("sends while answers come within the bound", () => {
    const gate = new PublishGate(1000);
    for (let t = 0; t < 5000; t += 100) {
      assert.equal(gate.admit(t, t / 100), true);
      gate.answered();
    }
    assert.equal(gate.dropped, 0);
    assert.equal(gate.unanswered, 0);
  });

  it("sends unanswered publishes up to the bound, then drops (counted) until the oldest is answered", () => {
    const gate = new PublishGate(1000);
    for (let t = 0; t <= 1000; t += 100) assert.equal(gate.admit(t, t / 100), true, `at ${t} ms`);
    assert.equal(gate.unanswered, 11);
    // The oldest has waited past the bound: a stalled Redis; nothing more is queued.
    for (let t = 1100; t < 60_000; t += 100) assert.equal(gate.admit(t, t / 100), false);
    assert.equal(gate.unanswered, 11);
    assert.equal(gate.dropped, 589);
    // Redis answers again: the backlog drains and publishes are sent again.
    for (let i = 0; i < 11; i++) gate.answered();
    assert.equal(gate.admit(60_000, 600), true);
    assert.equal(gate.dropped, 589);
  });

  it("judges by the oldest unanswered publish, not the newest", () => {
    const gate = new PublishGate(1000);
    gate.admit(0, 0);
    gate.admit(900, 9);
    gate.answered(); // the one of 0 ms; the one of 900 ms waits
    assert.equal(gate.admit(1500, 15), true, "the oldest waiting is 600 ms old");
    assert.equal(gate.admit(2000, 20), false, "the oldest waiting is 1100 ms old");
  });

  it("does not take its own blocked loop for Redis not answering", () => {
    const gate = new PublishGate(1000);
    gate.admit(0, 0);
    // This process's turn ran 1.5 s (no tick meanwhile); after it the timer ticks once, and the
    // answer already in the socket may be read after this call, in the same turn's poll.
    assert.equal(gate.admit(1500, 1), true, "one tick since: Redis has not had a turn to be read");
    gate.answered();
    gate.answered();
    assert.equal(gate.dropped, 0);
    // A Redis that stalls while the loop goes round: dropped once two ticks passed with the bound.
    gate.admit(2000, 20);
    assert.equal(gate.admit(3100, 21), true, "past the bound, one tick");
    assert.equal(gate.admit(3200, 22), false, "past the bound, two ticks");
  });
});
