import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { credentialKindOf, wrongCredentialError } from "./credential-kind.ts";
import type { Principal } from "./principal.ts";

const key: Principal = {
  kind: "integration",
  apiKeyId: "k",
  workspaceId: "w",
  scopes: [],
  label: "lvi_x",
  expiresAt: null,
};
const user: Principal = {
  kind: "user",
  userId: "u",
  sessionId: "s",
  email: "a@b.c",
  name: "A",
  expiresAt: new Date(Date.now() + 3_600_000),
};

describe("a field limited to one kind of credential", () => {
  it("refuses a valid key of another kind as FORBIDDEN (403), saying what the field needs", () => {
    const error = wrongCredentialError(key, "user");
    assert.equal(error.extensions.code, "FORBIDDEN");
    assert.equal(error.extensions.http, undefined, "answered 200 with the error, as a missing scope is");
    assert.equal(error.message, "This field needs a signed-in user; API keys cannot use it");
    assert.equal(
      wrongCredentialError(user, "agent").message,
      "This field needs an agent key; a signed-in user cannot use it",
    );
  });

  it("refuses a caller without a valid credential as UNAUTHENTICATED (401), with the reason", () => {
    const error = wrongCredentialError({ kind: "anonymous", problem: "Session expired" }, "user");
    assert.equal(error.extensions.code, "UNAUTHENTICATED");
    assert.deepEqual(error.extensions.http, { status: 401 });
    assert.equal(error.message, "Session expired");
  });

  it("finds the credential scope in a failure, also under any/all", () => {
    assert.equal(credentialKindOf({ kind: "AuthScope", scope: "user" }), "user");
    const nested = { kind: "AnyAuthScopes", failures: [{ kind: "AuthScope", scope: "agent" }] };
    assert.equal(credentialKindOf(nested), "agent");
    assert.equal(credentialKindOf({ kind: "AuthScope", scope: "authenticated" }), undefined);
  });
});
