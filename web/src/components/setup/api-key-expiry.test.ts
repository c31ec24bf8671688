import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { expiryFromForm, expiryLabel } from "./api-key-expiry";

describe("the new API key's expiry", () => {
  const now = new Date(2026, 11, 6, 12, 30); // 6 December 2026, 12:30 local time

  it("never is no expiresAt", () => {
    assert.deepEqual(expiryFromForm("never", "", now), { ok: true, expiresAt: null });
  });

  it("a preset is that many days from now", () => {
    const outcome = expiryFromForm("90", "", now);
    assert.ok(outcome.ok);
    assert.equal(Date.parse(outcome.expiresAt as string) - now.getTime(), 90 * 86_400_000);
  });

  it("a date is the end of that day, local time, so the key works all of it", () => {
    assert.deepEqual(expiryFromForm("date", "2027-01-31", now), {
      ok: true,
      expiresAt: new Date(2027, 1, 1).toISOString(),
    });
    const today = expiryFromForm("date", "2026-12-06", now);
    assert.deepEqual(today, { ok: true, expiresAt: new Date(2026, 11, 7).toISOString() });
  });

  it("refuses a date that is missing, malformed, past or not in the calendar", () => {
    for (const [date, message] of [
      ["", /Give the date/],
      ["31/01/2027", /Give the date/],
      ["2026-12-05", /has passed/],
      ["2027-02-31", /does not exist/],
    ] as const) {
      const outcome = expiryFromForm("date", date, now);
      assert.equal(outcome.ok, false, date);
      if (!outcome.ok) {
        assert.equal(outcome.path, "expiresAt");
        assert.match(outcome.message, message);
      }
    }
  });

  it("refuses a choice the form does not offer", () => {
    assert.equal(expiryFromForm("7", "", now).ok, false);
  });

  it("the list says never, expires or expired", () => {
    assert.equal(expiryLabel(null, now.getTime()), "Never");
    assert.equal(expiryLabel(new Date(2027, 0, 1).toISOString(), now.getTime()), "Expires");
    assert.equal(expiryLabel(new Date(2026, 0, 1).toISOString(), now.getTime()), "Expired");
  });
});
