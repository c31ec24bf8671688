import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { isWindowActive, weeklyLengthSeconds } from "./maintenance-window.ts";

describe("maintenance window activity", () => {
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
    assert.equal(isWindowActive(w, new Date("2026-12-07T03:00:00Z")), false, "not weekly");
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
    assert.equal(isWindowActive(w, new Date("2026-04-05T00:30:00Z")), true, "02:30 CEST");
    assert.equal(isWindowActive(w, new Date("2026-04-05T02:30:00Z")), false, "04:30 CEST");
    assert.equal(isWindowActive(w, new Date("2026-04-06T00:30:00Z")), false, "a Monday");
    assert.equal(isWindowActive(w, new Date("2026-03-15T01:30:00Z")), false, "before the first occurrence");
  });

  it("a weekly window typed on a night the clocks change keeps its local times in later weeks", () => {
    // Europe/Berlin 01:00–04:00 local on 2026-03-29 (clocks forward at 02:00): 2 real hours.
    const forward = {
      startsAt: new Date("2026-03-29T00:00:00Z"),
      endsAt: new Date("2026-03-29T02:00:00Z"),
      weekly: true,
      timeZone: "Europe/Berlin",
    };
    assert.equal(weeklyLengthSeconds(forward), 3 * 3600);
    assert.equal(isWindowActive(forward, new Date("2026-03-29T01:30:00Z")), true, "03:30 CEST that night");
    assert.equal(isWindowActive(forward, new Date("2026-03-29T02:00:00Z")), false, "04:00 CEST that night");
    assert.equal(isWindowActive(forward, new Date("2026-04-05T01:30:00Z")), true, "03:30 CEST a week later");
    assert.equal(isWindowActive(forward, new Date("2026-04-05T02:00:00Z")), false, "04:00 CEST a week later");
    // 01:00–04:00 local on 2026-10-25 (clocks back at 03:00): 4 real hours.
    const back = {
      startsAt: new Date("2026-10-24T23:00:00Z"),
      endsAt: new Date("2026-10-25T03:00:00Z"),
      weekly: true,
      timeZone: "Europe/Berlin",
    };
    assert.equal(weeklyLengthSeconds(back), 3 * 3600);
    assert.equal(isWindowActive(back, new Date("2026-10-25T02:30:00Z")), true, "03:30 CET that night");
    assert.equal(isWindowActive(back, new Date("2026-11-01T02:30:00Z")), true, "03:30 CET a week later");
    assert.equal(isWindowActive(back, new Date("2026-11-01T03:00:00Z")), false, "04:00 CET a week later");
  });

  it("a weekly window saved before the local length was checked keeps its real length", () => {
    // 02:00 CEST to 02:00 CET on 2026-10-25: none on the clock; held for its real hour each week.
    const none = {
      startsAt: new Date("2026-10-25T00:00:00Z"),
      endsAt: new Date("2026-10-25T01:00:00Z"),
      weekly: true,
      timeZone: "Europe/Berlin",
    };
    assert.equal(weeklyLengthSeconds(none), 0);
    assert.equal(isWindowActive(none, new Date("2026-11-01T01:30:00Z")), true, "02:30 CET a week later");
    assert.equal(isWindowActive(none, new Date("2026-11-01T02:30:00Z")), false, "03:30 CET a week later");
  });

  it("a weekly window across the week's turn (Sunday 23:00 to Monday 01:00)", () => {
    const w = {
      startsAt: new Date("2026-11-29T23:00:00Z"),
      endsAt: new Date("2026-11-30T01:00:00Z"),
      weekly: true,
      timeZone: "UTC",
    };
    assert.equal(isWindowActive(w, new Date("2026-12-06T23:30:00Z")), true, "Sunday");
    assert.equal(isWindowActive(w, new Date("2026-12-07T00:30:00Z")), true, "Monday");
    assert.equal(isWindowActive(w, new Date("2026-12-07T01:00:00Z")), false, "its end");
  });
});
