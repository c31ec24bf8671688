import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { type GateClock, HeavyOperationGate } from "./heavy-operation-gate.ts";

describe("heavy operation gate", () => {
  it("refuses a caller's place past perCaller (running or waiting) while others still queue", async () => {
    const gate = new HeavyOperationGate(1, 2, 64);
    const running = await gate.enter("a");
    assert.ok(running);
    let waitingEntered = false;
    const waiting = gate.enter("a").then((release) => {
      waitingEntered = true;
      return release;
    });
    assert.equal(await gate.enter("a"), null, "a's third is refused at once");
    const other = gate.enter("b");
    running();
    const second = await waiting;
    assert.ok(waitingEntered && second);
    // a holds one place again, so it may queue one more.
    const again = gate.enter("a");
    second();
    const b = await other;
    assert.ok(b, "b waited, was not refused");
    b();
    (await again)?.();
  });

  it("lets waiting callers in round-robin, not in arrival order", async () => {
    const gate = new HeavyOperationGate(1, 10, 64);
    const first = await gate.enter("flood");
    assert.ok(first);
    const order: string[] = [];
    const queued = [...["flood", "flood", "flood"].map((c) => ({ caller: c })), { caller: "quiet" }].map(
      ({ caller }) =>
        gate.enter(caller).then((release) => {
          order.push(caller);
          release?.();
        }),
    );
    first();
    await Promise.all(queued);
    assert.deepEqual(order, ["flood", "quiet", "flood", "flood"], "quiet waits behind one flood, not three");
  });

  it("refuses anyone once maxWaiting wait in all", async () => {
    const gate = new HeavyOperationGate(1, 10, 2);
    const first = await gate.enter("a");
    const waiting = [gate.enter("b"), gate.enter("c")];
    assert.equal(await gate.enter("d"), null);
    first?.();
    for (const w of waiting) (await w)?.();
  });

  it("a release called twice frees one place", async () => {
    const gate = new HeavyOperationGate(1, 1, 4);
    const first = await gate.enter("a");
    first?.();
    first?.();
    const a = await gate.enter("a");
    assert.ok(a);
    assert.equal(await gate.enter("a"), null, "still one place for a");
    a?.();
  });

  it("with a share of 25%, a slot held 100 ms reopens 300 ms after release", async () => {
    let now = 0;
    const pending: { at: number; fn: () => void }[] = [];
    const clock: GateClock = { now: () => now, after: (ms, fn) => pending.push({ at: now + ms, fn }) };
    const gate = new HeavyOperationGate(1, 2, 64, 0.25, clock);
    const first = await gate.enter("a");
    let secondIn = false;
    const second = gate.enter("b").then((release) => {
      secondIn = true;
      return release;
    });
    now = 100;
    first?.();
    assert.deepEqual(
      pending.map((p) => p.at),
      [400],
    );
    await Promise.resolve();
    assert.equal(secondIn, false, "the slot stays closed during the pause");
    now = 400;
    pending.shift()?.fn();
    const release = await second;
    assert.ok(secondIn && release, "the waiting one is let in when the pause ends");
    release?.();
  });

  it("a waiting caller whose client went away gives its places back: refused no more, not let in", async () => {
    const gate = new HeavyOperationGate(1, 1, 1);
    const first = await gate.enter("a");
    assert.ok(first);
    const gone = new AbortController();
    const waiting = gate.enter("b", gone.signal);
    assert.equal(await gate.enter("c"), null, "the one waiting place is taken");
    gone.abort();
    assert.equal(await waiting, undefined, "answered at once, with no place");
    const b = gate.enter("b");
    first();
    const bPlace = await b;
    assert.ok(
      bPlace,
      "b's own place (perCaller 1) and the waiting place were given back: it waits and is let in",
    );
    bPlace();
  });
});
