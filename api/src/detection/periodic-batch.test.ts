import assert from "node:assert/strict";
import { test } from "node:test";
import { PeriodicBatch } from "./periodic-batch.ts";

test("items are flushed together, the latest per key, once per period", async () => {
  const flushed: [string, number][][] = [];
  const batch = new PeriodicBatch<number>(
    20,
    async (items) => void flushed.push([...items]),
    (e) => assert.fail(String(e)),
  );
  batch.add("a", 1);
  batch.add("b", 2);
  batch.add("a", 3);
  await new Promise((r) => setTimeout(r, 60));
  assert.deepEqual(flushed, [
    [
      ["a", 3],
      ["b", 2],
    ],
  ]);
  batch.add("c", 4);
  await batch.drain();
  assert.deepEqual(flushed.at(-1), [["c", 4]]);
});

test("a failed flush is reported, later ones still run", async () => {
  const errors: unknown[] = [];
  let calls = 0;
  const batch = new PeriodicBatch<number>(
    5,
    async () => {
      calls++;
      if (calls === 1) throw new Error("db down");
    },
    (e) => errors.push(e),
  );
  batch.add("a", 1);
  await batch.drain();
  batch.add("a", 2);
  await batch.drain();
  assert.equal(calls, 2);
  assert.equal(errors.length, 1);
});
