import assert from "node:assert/strict";
import { test } from "node:test";
import { ApiError, unwrapPayload } from "./graphql-client.ts";

const kindOf = (value: unknown) => {
  try {
    unwrapPayload(value, "ReportTelemetryPayload", "reportTelemetry");
    return "ok";
  } catch (error) {
    return (error as ApiError).kind;
  }
};

test("a payload is returned; refusals drop the request, failures of the API are retried", () => {
  assert.equal(kindOf({ __typename: "ReportTelemetryPayload", accepted: 1 }), "ok");
  assert.equal(
    kindOf({ __typename: "ValidationError", code: "BAD_USER_INPUT", message: "too many" }),
    "rejected",
  );
  assert.equal(
    kindOf({ __typename: "AuthenticationError", code: "UNAUTHENTICATED", message: "revoked" }),
    "unauthenticated",
  );
  assert.equal(
    kindOf({ __typename: "UnavailableError", code: "UNAVAILABLE", message: "db down" }),
    "unreachable",
  );
  assert.equal(
    kindOf({ __typename: "RateLimitedError", code: "RATE_LIMITED", retryAfterSeconds: 3 }),
    "rate-limited",
  );
  assert.equal(kindOf(null), "unreachable");
  assert.ok(new ApiError("unreachable", "x").retryable);
});
