import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { mainPeakText, peakStats } from "./trigger-peaks";

// The hand-found case: 10–50 packets/s on the sampled interface, 145,000 TCP packets/s host-wide.
const tcpFlood = {
  peakPps: 50,
  peakBps: 24_000,
  triggerPeaks: [
    { metric: "TCP_PPS", peak: 145_000, thresholdAtPeak: 8_000 },
    { metric: "SYN_RECV", peak: 900, thresholdAtPeak: 100 },
  ],
};

describe("an incident's peaks", () => {
  it("are its trigger metrics' peaks in their own units, with the threshold then", () => {
    assert.deepEqual(peakStats(tcpFlood), [
      { label: "Peak TCP packets/s", value: "145 kpps", hint: "threshold 8.00 kpps" },
      { label: "Peak half-open TCP (SYN_RECV)", value: "900", hint: "threshold 100" },
    ]);
    assert.equal(mainPeakText(tcpFlood), "145 kpps TCP");
    assert.equal(
      mainPeakText({ ...tcpFlood, triggerPeaks: [{ metric: "SYN_RECV", peak: 512, thresholdAtPeak: 100 }] }),
      "512 half-open",
    );
    const cookies = {
      ...tcpFlood,
      triggerPeaks: [{ metric: "SYN_COOKIES", peak: 1_980, thresholdAtPeak: 100 }],
    };
    assert.deepEqual(peakStats(cookies), [
      { label: "Peak SYN cookies sent/s", value: "1.98 k/s", hint: "threshold 100/s" },
    ]);
    assert.equal(mainPeakText(cookies), "1.98 k/s SYN cookies");
    assert.equal(
      mainPeakText({ ...tcpFlood, triggerPeaks: [{ metric: "BPS", peak: 2.5e9, thresholdAtPeak: 1e8 }] }),
      "2.50 Gbps",
    );
  });

  it("are the interface's packets/s and bits/s for an incident stored before trigger peaks were kept", () => {
    const old = { peakPps: 120_000, peakBps: 9.6e8, triggerPeaks: [] };
    assert.deepEqual(peakStats(old), [
      { label: "Peak packets/s", value: "120 kpps" },
      { label: "Peak bits/s", value: "960 Mbps" },
    ]);
    assert.equal(mainPeakText(old), "120 kpps");
  });
});
