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
