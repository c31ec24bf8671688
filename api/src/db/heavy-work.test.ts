import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { asHeavyWork, inHeavyWork, Semaphore } from "./heavy-work.ts";

describe("heavy work", () => {
  it("is known inside asHeavyWork, across awaits, and nowhere else", async () => {
    assert.equal(inHeavyWork(), false);
    await asHeavyWork(async () => {
      await Promise.resolve();
      assert.equal(inHeavyWork(), true);
    });
    assert.equal(inHeavyWork(), false);
  });

  it("Semaphore lets `permits` run at once and the rest in order", async () => {
    const gate = new Semaphore(2);
    let running = 0;
    let peak = 0;
    const order: number[] = [];
    const releases: (() => void)[] = [];
    const tasks = [0, 1, 2, 3].map((n) =>
      gate.run(async () => {
        running++;
        peak = Math.max(peak, running);
        order.push(n);
        await new Promise<void>((resolve) => releases.push(resolve));
        running--;
      }),
    );
    // Release in turn whatever holds a permit; no timer involved.
    while (releases.length > 0 || order.length < 4) {
      await new Promise((r) => setImmediate(r));
      releases.shift()?.();
    }
    await Promise.all(tasks);
    assert.equal(peak, 2);
    assert.deepEqual(order, [0, 1, 2, 3]);
  });
});
