import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { windowProblems } from "./maintenance.ts";

// When a window is active is the shared rule's, tested beside it
// (packages/shared/src/alerts/maintenance-window.test.ts); here, what saving one checks.
describe("maintenance windows as saved", () => {
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

  it("a weekly window is measured on its local clock too: a week less the hour lost is still too long", () => {
    // Europe/Berlin, from Sunday 2026-03-22 03:00 CET to Sunday 2026-03-29 03:30 CEST: 6 d 23.5 h of real
    // time, 7 d 0.5 h on the clock, which would hold every hour of every week.
    const window = {
      startsAt: new Date("2026-03-22T02:00:00Z"),
      endsAt: new Date("2026-03-29T01:30:00Z"),
      weekly: true,
      timeZone: "Europe/Berlin",
    };
    assert.deepEqual(
      windowProblems(window).map((p) => p.message),
      ["a weekly window must last less than a week"],
    );
  });

  it("a weekly window that ends, on the clock, when it starts is refused", () => {
    // Europe/Berlin 2026-10-25, 02:00 CEST to 02:00 CET: an hour of real time, none on the clock.
    const window = {
      startsAt: new Date("2026-10-25T00:00:00Z"),
      endsAt: new Date("2026-10-25T01:00:00Z"),
      weekly: true,
      timeZone: "Europe/Berlin",
    };
    assert.deepEqual(
      windowProblems(window).map((p) => p.message),
      ["must end after it starts on the local clock"],
    );
    assert.deepEqual(windowProblems({ ...window, weekly: false }), [], "once, it is an hour");
  });
});
