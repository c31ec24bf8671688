import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { buildSchema, execute, type GraphQLField, type GraphQLObjectType, parse } from "graphql";
import { SLICE_MS, sliceExecution, sliceResolvers } from "./execution-slices.ts";

/** Each item's `n` holds the thread for 1 ms: 30 of them are several slices of work. */
function schema() {
  const built = buildSchema("type Item { n: Int! } type Query { items: [Item!]! }");
  const busy = () => {
    const until = performance.now() + 1;
    while (performance.now() < until);
  };
  const fields = (type: string) => (built.getType(type) as GraphQLObjectType).getFields();
  (fields("Query").items as GraphQLField<unknown, unknown>).resolve = () =>
    Array.from({ length: 30 }, (_, i) => ({ i }));
  (fields("Item").n as GraphQLField<unknown, unknown>).resolve = (item) => {
    busy();
    return (item as { i: number }).i;
  };
  return sliceResolvers(built);
}

describe("execution slices", () => {
  it(`a marked execution lets other work in every ${SLICE_MS} ms; an unmarked one runs through`, async () => {
    const sliced = schema();
    const document = parse("{ items { n } }");
    for (const marked of [true, false]) {
      const context = {};
      if (marked) sliceExecution(context);
      let otherWorkRan = false;
      setImmediate(() => {
        otherWorkRan = true;
      });
      const result = await execute({ schema: sliced, document, contextValue: context });
      const items = (result.data?.items ?? []) as { n: number }[];
      assert.equal(items.length, 30);
      assert.equal(items.at(-1)?.n, 29);
      // Marked: the work waiting meanwhile ran before the execution was over. Unmarked: after.
      assert.equal(otherWorkRan, marked, marked ? "never let other work in" : "yielded unmarked");
      await new Promise((resolve) => setImmediate(resolve));
    }
  });
});
