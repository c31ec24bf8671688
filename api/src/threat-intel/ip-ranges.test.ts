import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { CompactRanges } from "./compact-ranges.ts";
import { RangeTable } from "./ip-ranges.ts";

describe("ranges", () => {
  it("finds the range holding a key, merging overlaps", () => {
    const table = new RangeTable<number>([
      { first: 10, last: 20, value: 1 },
      { first: 15, last: 30, value: 2 },
      { first: 40, last: 40, value: 3 },
    ]);
    assert.deepEqual(
      [table.find(9), table.find(10), table.find(25), table.find(31), table.find(40)],
      [-1, 1, 1, -1, 3],
    );
  });

  it("sorts compact columns given out of order and matches IPv6 by /64", () => {
    const v4 = new CompactRanges(4);
    for (let i = 2000; i > 0; i--) v4.add(BigInt(i * 10), BigInt(i * 10 + 4), i);
    v4.finish();
    assert.deepEqual([v4.find(10), v4.find(14), v4.find(15), v4.find(20004)], [1, 1, -1, 2000]);
    const v6 = new CompactRanges(6);
    v6.add(0x20010db8n << 96n, (0x20010db8n << 96n) | ((1n << 96n) - 1n), 7);
    v6.finish();
    assert.equal(v6.find((0x20010db8n << 96n) + 5n), 7);
    assert.equal(v6.find(0x20010db9n << 96n), -1);
  });
});
