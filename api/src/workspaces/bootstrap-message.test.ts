import assert from "node:assert/strict";
import { test } from "node:test";
import { firstOwnerMessage } from "./bootstrap-message.ts";

test("a generated password is shown once, with the note that it is shown only now", () => {
  const message = firstOwnerMessage({
    email: "admin@levee.local",
    generatedPassword: "s3cr3t-generated",
    workspaceSlug: "main",
  });
  assert.match(message, /created owner admin@levee\.local with workspace "main"/);
  assert.match(message, /password s3cr3t-generated/);
  assert.match(message, /shown only now/);
});

test("a password set from LEVEE_BOOTSTRAP_PASSWORD is not echoed nor called shown only now", () => {
  const message = firstOwnerMessage({ email: "ops@example.com", workspaceSlug: "main" });
  assert.match(message, /created owner ops@example\.com/);
  assert.match(message, /set from LEVEE_BOOTSTRAP_PASSWORD/);
  assert.doesNotMatch(message, /shown only now/);
  assert.doesNotMatch(message, /\(the LEVEE_BOOTSTRAP_PASSWORD you set\)/);
});
