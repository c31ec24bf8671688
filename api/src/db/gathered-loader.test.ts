import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { GatheredLoader } from "./gathered-loader.ts";

/** A loadMany whose batches are recorded and answered only when the test says so. */
function controlled() {
  const batches: { keys: string[]; answer: (values: Map<string, string> | Error) => void }[] = [];
  const loadMany = (keys: string[]) =>
    new Promise<Map<string, string>>((resolve, reject) => {
      batches.push({ keys, answer: (v) => (v instanceof Error ? reject(v) : resolve(v)) });
    });
  return { batches, loadMany };
}
const turn = () => new Promise((r) => setImmediate(r));
/** Lets the loader run until it has started `n` batches (a few turns of the event loop at most). */
async function started(batches: unknown[], n: number) {
  for (let i = 0; i < 10 && batches.length < n; i++) await turn();
  assert.equal(batches.length, n);
}
const valuesOf = (keys: string[]) => new Map(keys.map((k) => [k, `v-${k}`]));

describe("GatheredLoader", () => {
  it("loads keys asked for in the same turn together; a missing key resolves null", async () => {
    const { batches, loadMany } = controlled();
    const loader = new GatheredLoader(loadMany, { maxBatch: 100, concurrency: 1 });
    const a = loader.load("a");
    const b = loader.load("b");
    const again = loader.load("a");
    await turn();
    assert.deepEqual(
      batches.map((x) => x.keys),
      [["a", "b"]],
    );
    batches[0]?.answer(new Map([["a", "v-a"]]));
    assert.deepEqual(await Promise.all([a, b, again]), ["v-a", null, "v-a"]);
  });

  it("keys asked for while a batch loads form the next batch; at most maxBatch keys a batch", async () => {
    const { batches, loadMany } = controlled();
    const loader = new GatheredLoader(loadMany, { maxBatch: 2, concurrency: 1 });
    const first = loader.load("a");
    await turn();
    const later = ["b", "c", "d"].map((k) => loader.load(k));
    await turn();
    assert.equal(batches.length, 1, "no second batch while the first loads (concurrency 1)");
    batches[0]?.answer(valuesOf(["a"]));
    assert.equal(await first, "v-a");
    await started(batches, 2);
    assert.deepEqual(batches[1]?.keys, ["b", "c"]);
    batches[1]?.answer(valuesOf(["b", "c"]));
    await started(batches, 3);
    assert.deepEqual(batches[2]?.keys, ["d"]);
    batches[2]?.answer(valuesOf(["d"]));
    assert.deepEqual(await Promise.all(later), ["v-b", "v-c", "v-d"]);
  });

  it("a failed batch rejects its keys only; the next batch loads again", async () => {
    const { batches, loadMany } = controlled();
    const loader = new GatheredLoader(loadMany, { maxBatch: 10, concurrency: 1 });
    const failed = loader.load("a");
    await turn();
    batches[0]?.answer(new Error("database away"));
    await assert.rejects(failed, /database away/);
    const retried = loader.load("a");
    await started(batches, 2);
    batches[1]?.answer(valuesOf(["a"]));
    assert.equal(await retried, "v-a");
  });
});
