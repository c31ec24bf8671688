import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { HyperLogLog, mix32 } from "./hyperloglog.ts";

describe("HyperLogLog", () => {
  it("estimates small and large distinct counts within a few percent, and merges", () => {
    for (const n of [10, 1000, 100_000]) {
      const sketch = new HyperLogLog();
      for (let i = 0; i < n; i++) sketch.add(mix32(i));
      assert.ok(Math.abs(sketch.estimate() - n) <= Math.max(1, n * 0.04), `${n}: ${sketch.estimate()}`);
    }
    const a = new HyperLogLog();
    const b = new HyperLogLog();
    for (let i = 0; i < 50_000; i++) a.add(mix32(i));
    for (let i = 25_000; i < 75_000; i++) b.add(mix32(i));
    a.merge(b);
    assert.ok(Math.abs(a.estimate() - 75_000) < 75_000 * 0.04, String(a.estimate()));
  });
});
