import assert from "node:assert/strict";
import { test } from "node:test";
import { requestsMade } from "./delivery-attempts";

test("a skipped step made no request; retries and failures did", () => {
  assert.equal(requestsMade([{ outcome: "SKIPPED" }]), 0);
  assert.equal(requestsMade([{ outcome: "RETRY" }, { outcome: "FAILED" }, { outcome: "SENT" }]), 3);
  assert.equal(requestsMade([]), 0);
});
