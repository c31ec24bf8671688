import assert from "node:assert/strict";
import { test } from "node:test";
import type { SqlClient } from "../db/sql-client.ts";
import { ApiKeyCache } from "./api-key-cache.ts";
import { ApiKeyLookup } from "./api-key-lookup.ts";

// These tests keep and forget verified keys; reading a key (ApiKeyLookup) is tested on both
// engines in api-key-lookup.test.ts. A read here would be a bug in the test, so it fails loudly.
const noReads = () => Promise.reject(new Error("the cache tests read no key"));
const unread: SqlClient = { query: noReads, exec: noReads, transaction: noReads };
const newCache = () => new ApiKeyCache(new ApiKeyLookup(unread));

const agent = {
  kind: "agent" as const,
  apiKeyId: "k",
  workspaceId: "w",
  nodeId: "n",
  label: "a",
  expiresAt: null,
};

test("verified keys are remembered for at most 60 s, and never past their expiry", () => {
  const cache = newCache();
  cache.set("h", agent, null, 0, 1000);
  assert.equal(cache.get("h", 60_999), agent);
  assert.equal(cache.get("h", 61_000), undefined);
  cache.set("e", agent, new Date(2000), 0, 1000);
  assert.equal(cache.get("e", 1999), agent);
  assert.equal(cache.get("e", 2000), undefined);
});

test("clear forgets every key", () => {
  const cache = newCache();
  cache.set("h", agent, null, 0, 0);
  cache.clear();
  assert.equal(cache.get("h", 1), undefined);
});

test("a lookup that began before a clear does not put its (stale) answer back", () => {
  const cache = newCache();
  const started = cache.generation;
  cache.clear(); // the key is revoked while the lookup is in flight
  cache.set("h", agent, null, started, 0);
  assert.equal(cache.get("h", 1), undefined);
});
