import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { isValidSlug, slugFromName } from "./slug";

describe("workspace slugs", () => {
  it("accepts what the API accepts", () => {
    for (const ok of ["acme", "a", "acme-eu-1", "x".repeat(48)]) assert.equal(isValidSlug(ok), true, ok);
    for (const bad of ["", "-acme", "acme-", "Acme", "a_b", "x".repeat(49)])
      assert.equal(isValidSlug(bad), false, bad);
  });

  it("suggests a slug from a name", () => {
    assert.equal(slugFromName("Acme Hosting (EU)"), "acme-hosting-eu");
    assert.equal(slugFromName("  Crème Brûlée  "), "creme-brulee");
    assert.equal(slugFromName("!!!"), "");
  });
});
