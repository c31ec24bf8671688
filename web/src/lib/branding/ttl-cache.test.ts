import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { TtlCache } from "./ttl-cache";

describe("TtlCache", () => {
  it("serves a value until it expires, shares one load, never caches a failure, stays bounded", async () => {
    let now = 0;
    let loads = 0;
    const cache = new TtlCache<number>(1000, 2, () => now);
    const load = async () => ++loads;
    assert.deepEqual(await Promise.all([cache.get("a", load), cache.get("a", load)]), [1, 1]);
    now = 999;
    assert.equal(await cache.get("a", load), 1);
    now = 1000;
    assert.equal(await cache.get("a", load), 2);
    await assert.rejects(cache.get("b", async () => Promise.reject(new Error("down"))));
    assert.equal(await cache.get("b", load), 3);
    await cache.get("c", load);
    await cache.get("d", load);
    assert.equal(await cache.get("a", load), 6, "the oldest entry made room");
  });
});
