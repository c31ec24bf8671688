import assert from "node:assert/strict";
import { test } from "node:test";
import { canPostUpdates, timelineHeading, UPDATE_STATUS_LABEL, UPDATE_STATUSES } from "./public-updates";

test("the public timeline names state changes and the operator's statuses", () => {
  assert.equal(timelineHeading({ kind: "DETECTED" }), "Detected");
  assert.equal(timelineHeading({ kind: "RESOLVED" }), "Resolved");
  assert.equal(timelineHeading({ kind: "UPDATE", status: "MITIGATING" }), "Mitigating");
  assert.deepEqual(
    UPDATE_STATUSES.map((s) => UPDATE_STATUS_LABEL[s]),
    ["Investigating", "Identified", "Mitigating", "Monitoring"],
  );
  // The incident's resolution is the detector's: no update claims it.
  assert.ok(!Object.values(UPDATE_STATUS_LABEL).includes("Resolved"));
});

test("updates are posted by whoever may edit the status page", () => {
  assert.equal(canPostUpdates("OWNER"), true);
  assert.equal(canPostUpdates("ADMIN"), true);
  assert.equal(canPostUpdates("ANALYST"), false);
  assert.equal(canPostUpdates("READONLY"), false);
  assert.equal(canPostUpdates(null), false);
});
