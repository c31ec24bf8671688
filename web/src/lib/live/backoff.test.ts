import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { MAX_RETRY_MS, retryDelayMs } from "./backoff";

describe("retryDelayMs", () => {
  it("doubles from 0.5 s with half of each step random", () => {
    assert.equal(
      retryDelayMs(0, () => 0),
      250,
    );
    assert.equal(
      retryDelayMs(0, () => 1),
      500,
    );
    assert.equal(
      retryDelayMs(3, () => 0),
      2000,
    );
    assert.equal(
      retryDelayMs(3, () => 1),
      4000,
    );
  });

  it("never waits longer than 30 s, however many attempts failed", () => {
    assert.equal(
      retryDelayMs(50, () => 1),
      MAX_RETRY_MS,
    );
    assert.equal(
      retryDelayMs(50, () => 0),
      MAX_RETRY_MS / 2,
    );
  });
});
