import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { HINT_SLACK, probeOnWake, shortestWakeWindow, type WakeInput } from "./probe-trigger.ts";

/** A wake-up 150 ms into a window that started at 1000 ms with 50 packets of 100 bytes seen. */
function wake(overrides: Partial<WakeInput> & { packets?: number } = {}): WakeInput {
  const { packets = 50, ...rest } = overrides;
  return {
    now: 1150,
    probeIntervalMs: 200,
    lastProbeAt: Number.NEGATIVE_INFINITY,
    start: { at: 1000, packets: 50, bytes: 5000 },
    seen: { packets, bytes: packets * 100 },
    wouldCross: ({ rxPps }) => rxPps >= 1000,
    ...rest,
  };
}

describe("probeOnWake (the capture's count wakes the probe)", () => {
  it("reads when the window's count would cross, with the slack; not below it", () => {
    // 150 ms: 1000 pps is 150 packets; with the slack, half of it asks for a read.
    const half = 150 / HINT_SLACK;
    assert.equal(probeOnWake(wake({ packets: 50 + half })), true);
    assert.equal(probeOnWake(wake({ packets: 50 + half - 1 })), false);
  });

  it("hands the judge the window's rates (bits per second), scaled by the slack", () => {
    let seen: { rxPps: number; rxBps: number } | undefined;
    probeOnWake(
      wake({
        packets: 80,
        wouldCross: (rates) => {
          seen = rates;
          return false;
        },
      }),
    );
    assert.deepEqual(seen, { rxPps: (30 / 0.15) * HINT_SLACK, rxBps: ((3000 * 8) / 0.15) * HINT_SLACK });
  });

  it("never judges a window shorter than half a period less the wake-ups' jitter, however loud", () => {
    assert.equal(shortestWakeWindow(200), 90);
    assert.equal(shortestWakeWindow(20), 5, "never under a quarter period");
    assert.equal(probeOnWake(wake({ now: 1089, packets: 1_000_000 })), false);
    // The next wake-up after a read comes ~100 ms later (libpcap's buffer timeout): 98 ms is judged.
    assert.equal(probeOnWake(wake({ now: 1098, packets: 1_000_000 })), true);
  });

  it("reads at most every half period less the jitter, whatever wakes it (a flood wakes it every few ms)", () => {
    assert.equal(probeOnWake(wake({ packets: 1_000_000, lastProbeAt: 1061 })), false);
    assert.equal(probeOnWake(wake({ packets: 1_000_000, lastProbeAt: 1060 })), true);
  });

  it("reads a window a period old even when calm, so the next one starts near a flood's onset", () => {
    assert.equal(probeOnWake(wake({ now: 1199, packets: 51 })), false);
    assert.equal(probeOnWake(wake({ now: 1200, packets: 51 })), true);
  });

  it("reads when there is no window yet (no read has set one), still half a period apart", () => {
    assert.equal(probeOnWake(wake({ start: undefined })), true);
    assert.equal(probeOnWake(wake({ start: undefined, lastProbeAt: 1070 })), false);
  });

  it("does not read when the judge says no (the API already reports the attack)", () => {
    assert.equal(probeOnWake(wake({ packets: 1_000_000, wouldCross: () => false })), false);
  });

  it("a count that went back (the capture reopened) asks for nothing until the window is old", () => {
    assert.equal(probeOnWake(wake({ packets: 0, wouldCross: () => true })), false);
  });
});
