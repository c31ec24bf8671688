import assert from "node:assert/strict";
import { afterEach, beforeEach, describe, it, mock } from "node:test";
import { atExpiry, expirySignal, MAX_TIMER_MS } from "./credential-expiry.ts";

const DAY = 86_400_000;

describe("atExpiry", () => {
  beforeEach(() => mock.timers.enable({ apis: ["setTimeout", "Date"], now: 1_000_000 }));
  afterEach(() => mock.timers.reset());

  it("fires once the expiry has passed, not before", () => {
    let fired = 0;
    atExpiry(new Date(Date.now() + 2_000), () => fired++);
    mock.timers.tick(1_999);
    assert.equal(fired, 0);
    mock.timers.tick(1);
    assert.equal(fired, 1);
    mock.timers.tick(10 * DAY);
    assert.equal(fired, 1, "fires once");
  });

  it("waits for an expiry beyond setTimeout's longest wait in steps, without firing early", () => {
    // A setTimeout longer than 2^31 - 1 ms fires after 1 ms: 90 days must be waited for in steps.
    const expiresAt = new Date(Date.now() + 90 * DAY);
    assert.ok(90 * DAY > MAX_TIMER_MS);
    const timers = mock.method(globalThis, "setTimeout");
    let fired = 0;
    atExpiry(expiresAt, () => fired++);
    mock.timers.tick(1);
    mock.timers.tick(MAX_TIMER_MS);
    mock.timers.tick(MAX_TIMER_MS);
    mock.timers.tick(MAX_TIMER_MS);
    assert.equal(fired, 0, "fired before the expiry");
    mock.timers.tick(expiresAt.getTime() - Date.now() - 1);
    assert.equal(fired, 0);
    mock.timers.tick(1);
    assert.equal(fired, 1);
    const waits = timers.mock.calls.map((call) => call.arguments[1] as number);
    assert.ok(waits.length >= 4, `one timer per step: ${waits}`);
    assert.ok(
      waits.every((wait) => wait <= MAX_TIMER_MS),
      `no wait beyond setTimeout's longest: ${waits}`,
    );
    timers.mock.restore();
  });

  it("fires on a later turn for an expiry already past, and not at all once cancelled", () => {
    let fired = 0;
    atExpiry(new Date(Date.now() - 5_000), () => fired++);
    assert.equal(fired, 0, "not during the call");
    mock.timers.tick(0);
    assert.equal(fired, 1);
    const cancel = atExpiry(new Date(Date.now() + 1_000), () => fired++);
    mock.timers.tick(500);
    cancel();
    mock.timers.tick(10_000);
    assert.equal(fired, 1);
  });
});

describe("expirySignal", () => {
  it("is none for a credential that never expires", () => {
    assert.equal(expirySignal(null), undefined);
  });

  // Its timers are unref'd (a wait for an expiry keeps no process alive): the test's own keeps it.
  const firedWithin = (fired: Promise<void>, ms: number) =>
    Promise.race([fired.then(() => "fired"), new Promise((resolve) => setTimeout(resolve, ms, "quiet"))]);

  it("resolves at the expiry, and never once stopped", async () => {
    const signal = expirySignal(new Date(Date.now() + 20));
    assert.ok(signal);
    assert.equal(await firedWithin(signal.fired, 5_000), "fired");
    const stopped = expirySignal(new Date(Date.now() + 20));
    assert.ok(stopped);
    stopped.stop();
    assert.equal(await firedWithin(stopped.fired, 200), "quiet");
  });
});
