import assert from "node:assert/strict";
import { test } from "node:test";
import { acknowledgeView } from "./acknowledge";

const at = "2024-05-01T12:00:00.000Z";

test("ANALYST and up get the button on an incident not yet acknowledged; READONLY and no role get nothing", () => {
  for (const role of ["OWNER", "ADMIN", "ANALYST"] as const) {
    assert.deepEqual(acknowledgeView(role, null), { kind: "button" }, role);
  }
  assert.deepEqual(acknowledgeView("READONLY", null), { kind: "none" });
  assert.deepEqual(acknowledgeView(null, undefined), { kind: "none" });
});

test("an acknowledged incident shows when, for every role (none included)", () => {
  for (const role of ["OWNER", "ADMIN", "ANALYST", "READONLY", null] as const) {
    assert.deepEqual(acknowledgeView(role, at), { kind: "acknowledged", at }, String(role));
  }
});
