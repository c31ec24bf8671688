import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { latestTime } from "./heard-at";

describe("latestTime", () => {
  it("takes the later of the heard and stored times", () => {
    assert.equal(latestTime("2026-01-01T12:00:05.000Z", "2026-01-01T12:00:01Z"), "2026-01-01T12:00:05.000Z");
    // A stored time written after the last live second (the subscription paused) wins.
    assert.equal(latestTime("2026-01-01T12:00:05.000Z", "2026-01-01T12:00:30Z"), "2026-01-01T12:00:30Z");
  });

  it("falls back to whichever is known", () => {
    assert.equal(latestTime(null, "2026-01-01T12:00:01Z"), "2026-01-01T12:00:01Z");
    assert.equal(latestTime("2026-01-01T12:00:01Z", undefined), "2026-01-01T12:00:01Z");
    assert.equal(latestTime(null, null), null);
  });
});
