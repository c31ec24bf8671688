import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { statusSlugProblem } from "./status-slug";

describe("status page slugs in URLs", () => {
  it("accepts workspace slugs", () => {
    for (const slug of ["acme", "acme-edge", "a1", "a".repeat(48)])
      assert.equal(statusSlugProblem(slug), null);
  });
  it("refuses bad ones with the reason", () => {
    const cases: [string, string][] = [
      ["", "empty"],
      ["a".repeat(49), "too-long"],
      ["b%C3%BCcher", "idn"],
      ["xn--bcher-kva", "idn"],
      ["%D0%B0cme", "idn"],
      ["%E0%A4%A", "characters"],
      ["Acme", "characters"],
      ["acme_edge", "characters"],
      ["acme.com", "characters"],
      ["..%2Fetc", "characters"],
      ["login", "reserved"],
      ["graphql", "reserved"],
    ];
    for (const [slug, problem] of cases) assert.equal(statusSlugProblem(slug), problem, slug);
  });
});
