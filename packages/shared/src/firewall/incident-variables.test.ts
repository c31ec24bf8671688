import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { INCIDENT_VARIABLES, isIncidentVariable } from "./incident-variables.ts";

describe("incident variables", () => {
  it("are the names listed, exactly (a value merely starting with $ is none)", () => {
    for (const name of INCIDENT_VARIABLES) assert.equal(isIncidentVariable(name), true, name);
    for (const value of ["$TARGET", "$target_address", "TARGET_ADDRESS", "$TOP_SOURCES "])
      assert.equal(isIncidentVariable(value), false, value);
  });
});
