import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { KeyedListeners } from "./keyed-listeners";

describe("KeyedListeners", () => {
  it("tells each listener only its own key's values", () => {
    const listeners = new KeyedListeners<number>();
    const heard: Record<string, number[]> = { a: [], b: [] };
    listeners.listen("a", (v) => heard.a?.push(v));
    listeners.listen("b", (v) => heard.b?.push(v));
    listeners.emit("a", 1);
    listeners.emit("b", 2);
    listeners.emit("c", 3);
    assert.deepEqual(heard, { a: [1], b: [2] });
  });

  it("stops telling a listener once it leaves; others of the key still hear", () => {
    const listeners = new KeyedListeners<string>();
    const first: string[] = [];
    const second: string[] = [];
    const leave = listeners.listen("n", (v) => first.push(v));
    listeners.listen("n", (v) => second.push(v));
    listeners.emit("n", "one");
    leave();
    leave();
    listeners.emit("n", "two");
    assert.deepEqual(first, ["one"]);
    assert.deepEqual(second, ["one", "two"]);
  });

  it("a key listened to again after all left is heard again", () => {
    const listeners = new KeyedListeners<number>();
    listeners.listen("k", () => {})();
    const heard: number[] = [];
    listeners.listen("k", (v) => heard.push(v));
    listeners.emit("k", 7);
    assert.deepEqual(heard, [7]);
  });
});
