import assert from "node:assert/strict";
import { test } from "node:test";
import { formatInZone, localToInstant, toLocalInput } from "./zoned-time";

const instant = (local: string, zone: string) => {
  const result = localToInstant(local, zone);
  return result.ok ? result.iso : `refused: ${result.message}`;
};

test("a datetime-local value is read in the chosen zone, not the machine's", () => {
  assert.equal(instant("2026-12-04T14:00", "UTC"), "2026-12-04T14:00:00.000Z");
  assert.equal(instant("2026-12-04T14:00", "Europe/Berlin"), "2026-12-04T13:00:00.000Z", "CET, UTC+1");
  assert.equal(instant("2026-07-04T14:00", "Europe/Berlin"), "2026-07-04T12:00:00.000Z", "CEST, UTC+2");
  assert.equal(instant("2026-12-04T14:00", "America/New_York"), "2026-12-04T19:00:00.000Z");
  assert.equal(instant("2026-12-04T14:00", "Asia/Kolkata"), "2026-12-04T08:30:00.000Z", "half-hour offset");
  assert.equal(instant("2026-12-31T23:30:45", "Asia/Tokyo"), "2026-12-31T14:30:45.000Z", "seconds kept");
});

test("a time the clocks skip is refused; one they pass twice is the first", () => {
  // Europe/Berlin: 2026-03-29 02:00 → 03:00; 2026-10-25 03:00 → 02:00.
  assert.match(instant("2026-03-29T02:30", "Europe/Berlin"), /refused: The clocks skip this time/);
  assert.equal(instant("2026-03-29T03:00", "Europe/Berlin"), "2026-03-29T01:00:00.000Z");
  assert.equal(instant("2026-10-25T02:30", "Europe/Berlin"), "2026-10-25T00:30:00.000Z", "CEST, the first");
  // America/New_York: 2026-03-08 02:00 → 03:00.
  assert.match(instant("2026-03-08T02:15", "America/New_York"), /refused: The clocks skip/);
});

test("malformed values, impossible dates and unknown zones are refused", () => {
  assert.equal(instant("", "UTC"), "refused: Enter a date and time");
  assert.equal(instant("2026-12-04 14:00", "UTC"), "refused: Enter a date and time");
  assert.equal(instant("2026-02-30T10:00", "UTC"), "refused: Not a date and time");
  assert.equal(instant("2026-12-04T25:00", "UTC"), "refused: Not a date and time");
  assert.equal(instant("2026-12-04T14:00", "Mars/Olympus"), "refused: Choose a time zone first");
});

test("instants back as wall-clock text in a zone, round-tripping the input", () => {
  const iso = "2026-12-04T13:00:00.000Z";
  assert.equal(toLocalInput(iso, "Europe/Berlin"), "2026-12-04T14:00");
  assert.equal(toLocalInput(iso, "America/Los_Angeles"), "2026-12-04T05:00");
  assert.equal(formatInZone(iso, "Europe/Berlin"), "Fri 2026-12-04 14:00");
  // A zone this runtime's data lacks: in UTC, said so, not a RangeError during hydration.
  assert.equal(
    formatInZone(iso, "Mars/Olympus"),
    "Fri 2026-12-04 13:00 UTC (Mars/Olympus unknown to this browser)",
  );
  assert.equal(
    formatInZone("2026-12-04T23:30:00Z", "Asia/Tokyo"),
    "Sat 2026-12-05 08:30",
    "the next day there",
  );
  for (const zone of ["UTC", "Europe/Berlin", "Australia/Lord_Howe", "Pacific/Chatham"]) {
    const local = toLocalInput(Date.parse("2026-06-15T09:41:00Z"), zone);
    assert.equal(instant(local, zone), "2026-06-15T09:41:00.000Z", zone);
  }
});
