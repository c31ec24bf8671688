import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { dueForRemoval } from "./lifetime.ts";

describe("dueForRemoval", () => {
  const entries = [
    { id: "ttl", permanent: false, expiresAt: 1_000 },
    { id: "later", permanent: false, expiresAt: 10_000 },
    { id: "forever", permanent: true, expiresAt: null },
  ];
  it("removes actions whose TTL ran out, nothing else while the API is in touch", () => {
    assert.deepEqual(dueForRemoval(entries, 1_000, 900, 60_000), [{ id: "ttl", reason: "expired" }]);
    assert.deepEqual(dueForRemoval(entries, 999, 900, 60_000), []);
  });
  it("dead-man: cut off longer than the interval removes every non-permanent action", () => {
    assert.deepEqual(dueForRemoval(entries, 5_000, 0, 4_000), [
      { id: "ttl", reason: "expired" },
      { id: "later", reason: "dead-man" },
    ]);
    assert.deepEqual(dueForRemoval(entries, 4_000, 0, 4_000), [{ id: "ttl", reason: "expired" }]);
  });
});
