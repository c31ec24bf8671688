import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { EngineHealth } from "./engine-health.ts";

describe("EngineHealth", () => {
  const at = new Date("2026-01-01T00:00:00Z");

  it("a part is degraded after its threshold of failures in a row, with the last reason, until it succeeds", () => {
    const health = new EngineHealth({ "telemetry writes": 3 }, () => at);
    health.failed("telemetry writes", new Error("disk full"));
    health.failed("telemetry writes", new Error("disk full"));
    assert.deepEqual(health.degraded(), [], "two failures are not yet degraded");
    health.failed("telemetry writes", new Error("license"));
    assert.deepEqual(health.degraded(), [
      { part: "telemetry writes", reason: "license", failures: 3, since: at.toISOString() },
    ]);
    health.succeeded("telemetry writes");
    assert.deepEqual(health.degraded(), []);
    health.failed("telemetry writes", "again");
    assert.deepEqual(health.degraded(), [], "counting starts over after a success");
  });

  it("parts without a threshold are degraded at their first failure, each on its own", () => {
    const health = new EngineHealth();
    health.failed("job a", "boom");
    health.failed("job b", "bang");
    health.succeeded("job a");
    assert.deepEqual(
      health.degraded().map((d) => [d.part, d.reason]),
      [["job b", "bang"]],
    );
  });
});
