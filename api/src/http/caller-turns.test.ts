import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { CallerTurns } from "./caller-turns.ts";

const settle = async () => {
  for (let i = 0; i < 5; i++) await Promise.resolve();
};

describe("caller turns", () => {
  it("one holder per caller, the rest in order; another caller is not kept waiting", async () => {
    const turns = new CallerTurns();
    const order: string[] = [];
    const first = await turns.enter("a");
    const second = turns.enter("a").then((release) => {
      order.push("a2");
      return release;
    });
    const third = turns.enter("a").then((release) => {
      order.push("a3");
      return release;
    });
    const other = await turns.enter("b");
    await settle();
    assert.deepEqual(order, [], "a's others wait while its first holds the turn");
    first();
    first(); // a second call passes nothing on
    await settle();
    assert.deepEqual(order, ["a2"]);
    (await second)();
    await settle();
    assert.deepEqual(order, ["a2", "a3"]);
    (await third)();
    other();
    assert.equal(turns.callers, 0, "nothing kept once every turn is given back");
  });
});

describe("caller turns with a share", () => {
  it("a turn held T ms passes on T × (1/share − 1) later; a lone one starts at once", async () => {
    let now = 0;
    const timers: { at: number; fn: () => void }[] = [];
    const clock = {
      now: () => now,
      after: (ms: number, fn: () => void) => {
        timers.push({ at: now + ms, fn });
      },
    };
    const advance = (to: number) => {
      now = to;
      for (const timer of timers.filter((t) => t.at <= now)) {
        timers.splice(timers.indexOf(timer), 1);
        timer.fn();
      }
    };
    const turns = new CallerTurns(0.5, clock);
    const first = await turns.enter("a");
    let second = false;
    const next = turns.enter("a").then((release) => {
      second = true;
      return release;
    });
    now = 40;
    first();
    await settle();
    assert.equal(second, false, "resting: held 40 ms at a half share, it passes on at 80 ms");
    advance(79);
    await settle();
    assert.equal(second, false);
    advance(80);
    await settle();
    assert.equal(second, true);
    (await next)();
    advance(80);
    await settle();
    assert.equal(turns.callers, 0, "held 0 ms: no rest; nothing kept");
    const other = turns.enter("b");
    assert.ok(await other, "another caller starts at once");
  });
});
