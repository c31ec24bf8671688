import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { loadRetryDelayMs } from "./load-retry";

const limited = (retryAfterSeconds?: unknown) => ({
  message:
    "You are asking for too much work per second (GRAPHQL_COST_PER_SECOND); retry shortly or ask for less",
  extensions: { code: "RATE_LIMITED", ...(retryAfterSeconds !== undefined && { retryAfterSeconds }) },
});

describe("loadRetryDelayMs", () => {
  it("waits out a short RATE_LIMITED (the longest of them), a second when none is said", () => {
    assert.equal(loadRetryDelayMs([limited(2)]), 2000);
    assert.equal(loadRetryDelayMs([limited(1), limited(3)]), 3000);
    assert.equal(loadRetryDelayMs([limited()]), 1000);
  });
  it("shows anything else as it is: a long wait, another error beside it, no error", () => {
    assert.equal(loadRetryDelayMs([limited(4)]), undefined);
    assert.equal(
      loadRetryDelayMs([limited(1), { message: "boom", extensions: { code: "INTERNAL" } }]),
      undefined,
    );
    assert.equal(loadRetryDelayMs([{ message: "nope", extensions: { code: "FORBIDDEN" } }]), undefined);
    assert.equal(loadRetryDelayMs([limited("soon")]), undefined);
    assert.equal(loadRetryDelayMs([]), undefined);
  });
});
