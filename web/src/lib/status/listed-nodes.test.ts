import assert from "node:assert/strict";
import { test } from "node:test";
import { listedNodes } from "./listed-nodes";

const nodes = [
  { id: "a", name: "web-01.internal" },
  { id: "b", name: "db-01.internal" },
];
const formOf = (fields: Record<string, string>) => (field: string) => fields[field] ?? null;

test("ticked nodes in the chosen order, under their display names", () => {
  const read = listedNodes(
    nodes,
    formOf({
      "list-a": "on",
      "name-a": " Frankfurt ",
      "order-a": "2",
      "list-b": "on",
      "name-b": "Amsterdam",
      "order-b": "1",
    }),
  );
  assert.deepEqual(read.nodes, [
    { nodeId: "b", displayName: "Amsterdam" },
    { nodeId: "a", displayName: "Frankfurt" },
  ]);
});

test("a listed node with a blank display name is refused, never published under its own (host) name", () => {
  const read = listedNodes(nodes, formOf({ "list-a": "on", "name-a": "   ", "order-a": "1" }));
  assert.equal(read.nodes, null);
  assert.equal(read.unnamed, "web-01.internal");
});

test("an unticked node's blank name does not matter", () => {
  const read = listedNodes(nodes, formOf({ "name-a": "", "list-b": "on", "name-b": "Amsterdam" }));
  assert.deepEqual(read.nodes, [{ nodeId: "b", displayName: "Amsterdam" }]);
});
