import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { isRetryableStatus, parseRetryAfter, retryAfterInBody, verdictAfter } from "./retry-policy.ts";

const policy = { maxAttempts: 4, baseMs: 1000 };
const now = Date.parse("2026-11-30T06:00:00Z");

describe("retry policy", () => {
  it("retries 429, 408 and 5xx but not other 4xx", () => {
    assert.deepEqual([429, 408, 500, 503].map(isRetryableStatus), [true, true, true, true]);
    assert.deepEqual([400, 401, 404, 422].map(isRetryableStatus), [false, false, false, false]);
  });
  it("backs off exponentially and stops after the last attempt", () => {
    const delays = [1, 2, 3].map((attempt) => verdictAfter({ retryable: true }, attempt, policy, now));
    assert.deepEqual(delays, [
      { outcome: "RETRY", delayMs: 1000 },
      { outcome: "RETRY", delayMs: 2000 },
      { outcome: "RETRY", delayMs: 4000 },
    ]);
    assert.deepEqual(verdictAfter({ retryable: true }, 4, policy, now), { outcome: "FAILED" });
    assert.deepEqual(verdictAfter({ retryable: false, status: 400 }, 1, policy, now), { outcome: "FAILED" });
  });
  it("reads the wait a provider puts in its JSON answer (Telegram, Discord)", () => {
    const telegram =
      '{"ok":false,"error_code":429,"description":"Too Many Requests: retry after 35","parameters":{"retry_after":35}}';
    assert.equal(retryAfterInBody(telegram), "35");
    assert.equal(
      retryAfterInBody('{"message":"You are being rate limited.","retry_after":0.25,"global":false}'),
      "1",
    );
    for (const none of [
      "",
      "Too Many Requests",
      "{",
      '{"retry_after":"soon"}',
      '{"retry_after":-1}',
      "[1]",
      "null",
    ])
      assert.equal(retryAfterInBody(none), undefined, none);
  });
  it("honours Retry-After in seconds and as a date when longer than the backoff", () => {
    assert.equal(parseRetryAfter("7", now), 7000);
    assert.equal(parseRetryAfter("Mon, 30 Nov 2026 06:00:30 GMT", now), 30_000);
    assert.equal(parseRetryAfter("soon", now), undefined);
    assert.deepEqual(verdictAfter({ retryable: true, retryAfter: "7" }, 1, policy, now), {
      outcome: "RETRY",
      delayMs: 7000,
    });
    assert.deepEqual(verdictAfter({ retryable: true, retryAfter: "0" }, 2, policy, now), {
      outcome: "RETRY",
      delayMs: 2000,
    });
  });
});
