import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { buildSchema, execute, parse } from "graphql";
import { sliceExecution } from "./execution-slices.ts";

/** 400 items whose `busy` field each holds the thread 0.1 ms: ~40 ms of resolving in all. */
function busySchema() {
  const schema = buildSchema("type Item { busy: Int } type Query { items: [Item!]! }");
  const root = {
    items: () =>
      Array.from({ length: 400 }, (_, i) => ({
        busy: () => {
          const until = performance.now() + 0.1;
          while (performance.now() < until);
          return i;
        },
      })),
  };
  return { schema, root };
}

describe("sliceExecution", () => {
  it("lets I/O callbacks in while a large result is built, and still builds all of it", async () => {
    const { schema, root } = busySchema();
    sliceExecution(schema, 4);
    let turns = 0;
    let finished = false;
    const tick = () => {
      if (finished) return;
      turns++;
      setImmediate(tick);
    };
    setImmediate(tick);
    const result = await execute({
      schema,
      document: parse("{ items { busy } }"),
      rootValue: root,
      contextValue: {},
    });
    finished = true;
    assert.equal(result.errors, undefined);
    assert.equal((result.data as { items: unknown[] }).items.length, 400);
    // ~40 ms in slices of 4 ms: other work ran between them (unsliced, it runs once, after).
    assert.ok(turns >= 5, `turns of the event loop during execution: ${turns}`);
  });

  it("does not yield for an operation shorter than a slice", async () => {
    const schema = buildSchema("type Query { a: Int b: Int }");
    sliceExecution(schema, 4);
    const result = execute({
      schema,
      document: parse("{ a b }"),
      rootValue: { a: 1, b: 2 },
      contextValue: {},
    });
    // Synchronous: no field waited for a turn.
    assert.deepEqual({ ...(result as { data: object }).data }, { a: 1, b: 2 });
  });
});
