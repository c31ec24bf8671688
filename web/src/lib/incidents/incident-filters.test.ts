import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { apiFilter, parseIncidentFilters } from "./incident-filters";

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

  it("sends the family to the API, with UNCLASSIFIED for incidents without one, and drops unknown ones", () => {
    assert.deepEqual(apiFilter(parseIncidentFilters({ family: "SYN_FLOOD" })), { families: ["SYN_FLOOD"] });
    assert.deepEqual(apiFilter(parseIncidentFilters({ family: "UNCLASSIFIED" })), { unclassified: true });
    assert.deepEqual(apiFilter(parseIncidentFilters({ family: "NOT_A_FAMILY" })), {});
  });
});
