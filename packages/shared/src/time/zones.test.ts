import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  canonicalZone,
  isValidTimeZone,
  knownZones,
  offsetSeconds,
  secondOfWeek,
  WEEK_SECONDS,
} from "./zones.ts";

describe("time zones", () => {
  it("knows IANA zones and UTC, not made-up ones", () => {
    for (const zone of ["UTC", "Europe/Berlin", "America/New_York", "Asia/Kolkata"])
      assert.ok(isValidTimeZone(zone), zone);
    for (const zone of ["Mars/Olympus", "Europe/Nowhere", "not a zone"])
      assert.ok(!isValidTimeZone(zone), zone);
  });
  it("a zone's offset follows its daylight-saving changes, and is not always whole hours", () => {
    const at = (iso: string) => new Date(iso);
    assert.equal(offsetSeconds(at("2026-07-01T12:00:00Z"), "Europe/Berlin"), 2 * 3600);
    assert.equal(offsetSeconds(at("2026-12-01T12:00:00Z"), "Europe/Berlin"), 3600);
    // The change itself: 01:00 UTC on 25 October 2026 is 02:00 CET, a second before it 02:59:59 CEST.
    assert.equal(offsetSeconds(at("2026-10-25T00:59:59Z"), "Europe/Berlin"), 2 * 3600);
    assert.equal(offsetSeconds(at("2026-10-25T01:00:00Z"), "Europe/Berlin"), 3600);
    assert.equal(offsetSeconds(at("2026-07-01T12:00:00Z"), "America/New_York"), -4 * 3600);
    assert.equal(offsetSeconds(at("2026-07-01T12:00:00Z"), "Asia/Kolkata"), 5.5 * 3600);
    assert.equal(offsetSeconds(at("2026-07-01T12:00:00Z"), "America/St_Johns"), -2.5 * 3600);
    // Across the week's turn on either side (Sunday evening in UTC is Monday in Kiritimati, +14).
    assert.equal(offsetSeconds(at("2026-07-05T20:00:00Z"), "Pacific/Kiritimati"), 14 * 3600);
    assert.equal(offsetSeconds(at("2026-07-06T05:00:00Z"), "Pacific/Pago_Pago"), -11 * 3600);
  });

  it("the second of the week counts from the local Monday 00:00", () => {
    // Monday 6 July 2026, 00:00 in Berlin is Sunday 22:00 UTC.
    assert.equal(secondOfWeek(new Date("2026-07-05T22:00:00Z"), "Europe/Berlin"), 0);
    assert.equal(secondOfWeek(new Date("2026-07-05T22:00:00Z"), "UTC"), WEEK_SECONDS - 2 * 3600);
    assert.equal(secondOfWeek(new Date("2026-07-07T13:30:05Z"), "UTC"), 86400 + 13 * 3600 + 30 * 60 + 5);
  });
  it("zones are spelled as Intl spells them; the list starts with UTC", () => {
    assert.equal(canonicalZone(" europe/berlin "), "Europe/Berlin");
    assert.equal(canonicalZone("UTC"), "UTC");
    assert.equal(canonicalZone("utc"), "UTC", "Intl's list leaves UTC out");
    assert.equal(canonicalZone("Asia/Kolkata"), "Asia/Kolkata", "kept where Intl would say Asia/Calcutta");
    const kolkata = canonicalZone("asia/kolkata");
    assert.ok(kolkata === "Asia/Kolkata" || kolkata === "Asia/Calcutta", `lower case mended: ${kolkata}`);
    assert.equal(canonicalZone("Mars/Olympus"), null);
    assert.equal(canonicalZone(""), null);
    const zones = knownZones();
    assert.equal(zones[0], "UTC");
    assert.ok(zones.includes("Europe/Berlin") && zones.includes("America/Sao_Paulo"));
    assert.equal(zones.filter((z) => z === "UTC").length, 1);
  });
});
