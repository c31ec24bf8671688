import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { apiFilter, matchesFamily, parseIncidentFilters } from "./incident-filters";

describe("incident filters", () => {
  it("parses known values from the URL and drops the rest", () => {
    const filters = parseIncidentFilters({
      status: "OPEN",
      severity: "HIGH,NOPE,CRITICAL",
      family: "SYN_FLOOD",
      node: "abc",
      since: "24h",
    });
    assert.deepEqual(filters, {
      status: "OPEN",
      severities: ["HIGH", "CRITICAL"],
      family: "SYN_FLOOD",
      nodeId: "abc",
      window: "24h",
    });
    assert.deepEqual(parseIncidentFilters({ status: "x", since: "1y", family: "drop table" }), {
      status: null,
      severities: [],
      family: null,
      nodeId: null,
      window: null,
    });
  });

  it("turns them into the API's IncidentFilter", () => {
    const now = Date.parse("2026-01-02T00:00:00Z");
    assert.deepEqual(apiFilter(parseIncidentFilters({ status: "RESOLVED", since: "24h" }), now), {
      status: "RESOLVED",
      since: "2026-01-01T00:00:00.000Z",
    });
    assert.deepEqual(apiFilter(parseIncidentFilters({}), now), {});
  });

  it("filters families, with UNCLASSIFIED for incidents without one", () => {
    const syn = parseIncidentFilters({ family: "SYN_FLOOD" });
    assert.equal(matchesFamily(syn, "SYN_FLOOD"), true);
    assert.equal(matchesFamily(syn, "UDP_FLOOD"), false);
    assert.equal(matchesFamily(parseIncidentFilters({ family: "UNCLASSIFIED" }), null), true);
    assert.equal(matchesFamily(parseIncidentFilters({}), "UDP_FLOOD"), true);
  });
});
