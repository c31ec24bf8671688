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
    // The oldest has waited past the bound (found so at 1100 ms): two ticks later a stalled Redis;
    // nothing more is queued.
    assert.equal(gate.admit(1100, 11), true, "past the bound, no tick since found so");
    assert.equal(gate.admit(1200, 12), true, "past the bound, one tick since found so");
    for (let t = 1300; t < 60_000; t += 100) assert.equal(gate.admit(t, t / 100), false);
    assert.equal(gate.unanswered, 13);
    assert.equal(gate.dropped, 587);
    // Redis answers again: the backlog drains and publishes are sent again.
    for (let i = 0; i < 13; i++) gate.answered();
    assert.equal(gate.admit(60_000, 600), true);
    assert.equal(gate.dropped, 587);
  });

  it("judges by the oldest unanswered publish, not the newest", () => {
    const gate = new PublishGate(1000);
    gate.admit(0, 0);
    gate.admit(900, 9);
    gate.answered(); // the one of 0 ms; the one of 900 ms waits
    assert.equal(gate.admit(1500, 15), true, "the oldest waiting is 600 ms old");
    assert.equal(gate.admit(2000, 20), true, "the oldest waiting is 1100 ms old, found so now");
    assert.equal(gate.admit(2200, 22), false, "the oldest waiting is 1300 ms old, two ticks since");
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
    assert.equal(gate.admit(3100, 31), true, "past the bound, found so now");
    assert.equal(gate.admit(3200, 32), true, "past the bound, one tick since");
    assert.equal(gate.admit(3300, 33), false, "past the bound, two ticks since");
  });

  it("does not count a tick that came before its own blocked loop", () => {
    const gate = new PublishGate(1000);
    gate.admit(0, 0);
    // The timer ticked (the loop went round before Redis' answer arrived), then this process's
    // own turn ran 1.5 s with the answer arriving meanwhile. After it the timer ticks once more and
    // the answer is read in that turn's poll, possibly after this call: two ticks since the send,
    // but none since the bound passed.
    assert.equal(gate.admit(1600, 2), true, "the answer may be waiting unread in the socket");
    gate.answered();
    gate.answered();
    assert.equal(gate.dropped, 0);
  });
});
