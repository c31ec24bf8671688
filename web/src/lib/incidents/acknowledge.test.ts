import assert from "node:assert/strict";
import { test } from "node:test";
import { acknowledgeView } from "./acknowledge";

const at = "2024-05-01T12:00:00.000Z";

test("ANALYST and up get the button on an open incident not yet acknowledged; READONLY and no role get nothing", () => {
  for (const role of ["OWNER", "ADMIN", "ANALYST"] as const) {
    assert.deepEqual(acknowledgeView(role, { acknowledgedAt: null, open: true }), { kind: "button" }, role);
  }
  assert.deepEqual(acknowledgeView("READONLY", { acknowledgedAt: null, open: true }), { kind: "none" });
  assert.deepEqual(acknowledgeView(null, { acknowledgedAt: undefined, open: true }), { kind: "none" });
});

test("a resolved incident has no escalation left to stop: no button", () => {
  assert.deepEqual(acknowledgeView("OWNER", { acknowledgedAt: null, open: false }), { kind: "none" });
});

test("an acknowledged incident shows when, for every role (none included), open or resolved", () => {
  for (const role of ["OWNER", "ADMIN", "ANALYST", "READONLY", null] as const)
    for (const open of [true, false])
      assert.deepEqual(
        acknowledgeView(role, { acknowledgedAt: at, acknowledgedBy: "Grace", open }),
        { kind: "acknowledged", at, by: "Grace" },
        String(role),
      );
});
