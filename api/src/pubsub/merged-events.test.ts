import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { mappedEvents, mergedEvents } from "./merged-events.ts";

/** A stream fed by hand whose next() waits until an event is pushed or it is ended. */
function stream<T>() {
  const events: T[] = [];
  let wake: (() => void) | undefined;
  let ended = false;
  let returned = 0;
  const iterator: AsyncIterator<T> = {
    async next() {
      while (events.length === 0 && !ended) await new Promise<void>((resolve) => (wake = resolve));
      if (events.length > 0) return { value: events.shift() as T, done: false };
      return { value: undefined, done: true };
    },
    async return() {
      returned++;
      ended = true;
      wake?.();
      return { value: undefined, done: true };
    },
  };
  return {
    iterator,
    push(event: T) {
      events.push(event);
      wake?.();
    },
    end() {
      ended = true;
      wake?.();
    },
    returned: () => returned,
  };
}

describe("mergedEvents", () => {
  it("yields each stream's events as they arrive, and ends when every stream has ended", async () => {
    const [a, b] = [stream<string>(), stream<string>()];
    const merged = mergedEvents([a.iterator, b.iterator]);
    b.push("b1");
    assert.deepEqual(await merged.next(), { value: "b1", done: false });
    a.push("a1");
    a.push("a2");
    assert.equal((await merged.next()).value, "a1");
    assert.equal((await merged.next()).value, "a2");
    a.end();
    b.push("b2");
    assert.equal((await merged.next()).value, "b2");
    b.end();
    assert.equal((await merged.next()).done, true);
  });

  it("ends every stream on return(), even while waiting on quiet ones", async () => {
    const [a, b] = [stream<number>(), stream<number>()];
    const merged = mergedEvents([a.iterator, b.iterator]);
    const pending = merged.next();
    await new Promise((resolve) => setTimeout(resolve, 10));
    await merged.return(undefined);
    assert.equal((await pending).done, true);
    assert.ok(a.returned() >= 1 && b.returned() >= 1);
  });

  it("fails when a stream fails, ending the others", async () => {
    const quiet = stream<number>();
    const failing: AsyncIterator<number> = { next: () => Promise.reject(new Error("gone")) };
    const merged = mergedEvents([quiet.iterator, failing]);
    await assert.rejects(merged.next(), /gone/);
    assert.equal(quiet.returned(), 1);
  });
});

describe("mappedEvents", () => {
  it("maps each event, and its return() ends the source at once, while a next() waits", async () => {
    const source = stream<number>();
    const doubled = mappedEvents(source.iterator, (n) => n * 2);
    source.push(21);
    assert.deepEqual(await doubled.next(), { value: 42, done: false });
    const pending = doubled.next();
    await doubled.return?.();
    assert.equal(source.returned(), 1);
    assert.equal((await pending).done, true);
  });
});
