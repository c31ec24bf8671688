import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { isWindowActive, windowProblems } from "./maintenance.ts";

describe("maintenance windows", () => {
  it("one-off windows cover [start, end)", () => {
    const w = {
      startsAt: new Date("2026-11-30T02:00:00Z"),
      endsAt: new Date("2026-11-30T04:00:00Z"),
      weekly: false,
      timeZone: "UTC",
    };
    assert.equal(isWindowActive(w, new Date("2026-11-30T01:59:59Z")), false);
    assert.equal(isWindowActive(w, new Date("2026-11-30T02:00:00Z")), true);
    assert.equal(isWindowActive(w, new Date("2026-11-30T03:59:59Z")), true);
    assert.equal(isWindowActive(w, new Date("2026-11-30T04:00:00Z")), false);
  });

  it("weekly windows repeat at the same local time across daylight saving", () => {
    // Sunday 02:00–04:00 Europe/Berlin, first on 2026-03-22 (CET, UTC+1).
    const w = {
      startsAt: new Date("2026-03-22T01:00:00Z"),
      endsAt: new Date("2026-03-22T03:00:00Z"),
      weekly: true,
      timeZone: "Europe/Berlin",
    };
    assert.equal(isWindowActive(w, new Date("2026-03-29T00:30:00Z")), false, "01:30 CET");
    // After the switch to CEST (UTC+2), 02:30 local is 00:30 UTC... on 2026-04-05.
    assert.equal(isWindowActive(w, new Date("2026-04-05T00:30:00Z")), true, "02:30 CEST");
    assert.equal(isWindowActive(w, new Date("2026-04-05T02:30:00Z")), false, "04:30 CEST");
    assert.equal(isWindowActive(w, new Date("2026-04-06T00:30:00Z")), false, "a Monday");
    assert.equal(isWindowActive(w, new Date("2026-03-15T01:30:00Z")), false, "before the first occurrence");
  });

  it("refuses bad zones, reversed and over-long weekly windows", () => {
    const base = { startsAt: new Date("2026-01-01T00:00:00Z"), weekly: false, timeZone: "UTC" };
    assert.deepEqual(windowProblems({ ...base, endsAt: new Date("2026-01-01T01:00:00Z") }), []);
    assert.equal(
      windowProblems({ ...base, endsAt: new Date("2025-12-31T00:00:00Z") })[0]?.path,
      "input.endsAt",
    );
    assert.equal(
      windowProblems({ ...base, timeZone: "Mars/Olympus", endsAt: new Date("2026-01-02") })[0]?.path,
      "input.timeZone",
    );
    assert.equal(
      windowProblems({ ...base, weekly: true, endsAt: new Date("2026-01-09T00:00:00Z") }).length,
      1,
    );
  });
});
