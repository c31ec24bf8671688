import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { encodedStatusSlugProblem, isReservedSlug, slugPattern, statusSlugProblem } from "./slug.ts";

describe("slugs", () => {
  it("are 1–48 lower-case letters, digits and inner hyphens", () => {
    for (const slug of ["acme", "acme-edge", "a", "x1", "a".repeat(48)])
      assert.ok(slugPattern.test(slug), slug);
    for (const slug of ["", "Acme", "-acme", "acme-", "acme_edge", "a".repeat(49)])
      assert.ok(!slugPattern.test(slug), slug);
  });

  it("reserve the words the web app routes on", () => {
    for (const word of ["s", "w", "login", "graphql", "status", "levee"])
      assert.ok(isReservedSlug(word), word);
    assert.ok(!isReservedSlug("acme"));
  });
});

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

  it("checks a route param after percent-decoding it", () => {
    const cases: [string, string | null][] = [
      ["acme", null],
      ["", "empty"],
      ["b%C3%BCcher", "idn"],
      ["%D0%B0cme", "idn"],
      ["%E0%A4%A", "characters"], // not decodable
      ["..%2Fetc", "characters"],
      ["acme%00", "characters"],
      ["login", "reserved"],
    ];
    for (const [raw, problem] of cases) assert.equal(encodedStatusSlugProblem(raw), problem, raw);
  });
});
