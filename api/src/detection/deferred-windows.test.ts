import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { BaselineWindow } from "./baseline.ts";
import { DeferredWindows } from "./deferred-windows.ts";
import type { NodeDetection } from "./node-detection.loader.ts";

/** What DeferredWindows reads of a node: its id and the second its window ends before. */
const node = (nodeId: string) => ({ nodeId, windowBefore: 1_000 }) as NodeDetection;

function deferred(failReads: number) {
  const reads: string[][] = [];
  const adopted: string[] = [];
  const errors: number[] = [];
  const windows = new DeferredWindows(
    async (bounds) => {
      reads.push([...bounds.keys()]);
      if (reads.length <= failReads) throw new Error("pool timeout");
      return new Map([...bounds.keys()].map((id) => [id, new BaselineWindow()]));
    },
    async (n) => {
      adopted.push(n.nodeId);
    },
    (_error, nodes) => errors.push(nodes),
  );
  return { windows, reads, adopted, errors };
}

describe("deferred baseline windows", () => {
  it("reads a batch again after a failed read, and adopts its windows then", async () => {
    const { windows, reads, adopted, errors } = deferred(1);
    windows.add(node("a"));
    windows.add(node("b"));
    await windows.drain();
    assert.deepEqual(reads, [
      ["a", "b"],
      ["a", "b"],
    ]);
    assert.deepEqual(adopted.sort(), ["a", "b"]);
    assert.deepEqual(errors, [2]);
    await windows.close();
  });

  it("gives up after three failed reads: the nodes keep their saved statistics", async () => {
    const { windows, reads, adopted, errors } = deferred(Number.POSITIVE_INFINITY);
    windows.add(node("a"));
    await windows.drain();
    assert.equal(reads.length, 3);
    assert.deepEqual(adopted, []);
    assert.deepEqual(errors, [1, 1, 1]);
    await windows.close();
  });
});
