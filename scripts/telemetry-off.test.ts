import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { telemetryOff } from "./telemetry-off.mjs";

describe("the launcher's telemetry settings", () => {
  it("turn Turborepo's and Next.js's telemetry off, unless the operator set them", () => {
    assert.deepEqual(telemetryOff({}), { TURBO_TELEMETRY_DISABLED: "1", NEXT_TELEMETRY_DISABLED: "1" });
    assert.deepEqual(telemetryOff({ NEXT_TELEMETRY_DISABLED: "0" }), {
      TURBO_TELEMETRY_DISABLED: "1",
      NEXT_TELEMETRY_DISABLED: "0",
    });
  });
});
