import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { statusSlugProblem } from "./status-slug.ts";

describe("status page slugs", () => {
  it("accepts workspace slugs", () => {
    for (const slug of ["acme", "acme-edge", "a", "x1", "a".repeat(48)])
      assert.equal(statusSlugProblem(slug), null);
  });
  it("refuses each kind of bad input with its reason", () => {
    const cases: [string, string][] = [
      ["", "empty"],
      ["a".repeat(49), "too-long"],
      ["a".repeat(5000), "too-long"],
      ["аcme", "idn"], // Cyrillic а
      ["bücher", "idn"],
      ["xn--bcher-kva", "idn"],
      ["Acme", "characters"],
      ["acme_edge", "characters"],
      ["-acme", "characters"],
      ["acme-", "characters"],
      ["acme.com", "characters"],
      ["../etc", "characters"],
      ["acme%00", "characters"],
      ["admin", "reserved"],
      ["status", "reserved"],
      ["graphql", "reserved"],
    ];
    for (const [slug, problem] of cases) assert.equal(statusSlugProblem(slug), problem, slug);
  });
});
