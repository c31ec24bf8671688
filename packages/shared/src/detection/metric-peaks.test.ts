import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { byRatio, peakLabelOf, peaksFromJson, unitOf } from "./metric-peaks.ts";

describe("metric peaks", () => {
  it("put the metric furthest over its threshold first", () => {
    const peaks = [
      { metric: "PPS", peak: 60_000, thresholdAtPeak: 10_000 },
      { metric: "TCP_PPS", peak: 145_000, thresholdAtPeak: 8_000 },
      { metric: "SYN_RECV", peak: 900, thresholdAtPeak: 100 },
    ];
    assert.deepEqual(
      byRatio(peaks).map((p) => p.metric),
      ["TCP_PPS", "SYN_RECV", "PPS"],
    );
  });

  it("read stored JSON, an incident stored before peaks were kept and anything malformed as none", () => {
    assert.deepEqual(peaksFromJson([{ metric: "UDP_PPS", peak: 1, thresholdAtPeak: 2 }, { metric: "PPS" }]), [
      { metric: "UDP_PPS", peak: 1, thresholdAtPeak: 2 },
    ]);
    assert.deepEqual(peaksFromJson([]), []);
    assert.deepEqual(peaksFromJson(null), []);
    assert.deepEqual(peaksFromJson({ PPS: 1 }), []);
  });

  it("name each metric's unit and its peak in words", () => {
    assert.equal(unitOf("BPS"), "BITS_PER_SECOND");
    assert.equal(unitOf("ICMP_PPS"), "PACKETS_PER_SECOND");
    assert.equal(unitOf("TCP_ESTABLISHED"), "SOCKETS");
    assert.equal(peakLabelOf("PPS"), "Peak packets/s");
    assert.equal(peakLabelOf("TCP_PPS"), "Peak TCP packets/s");
    assert.equal(peakLabelOf("SYN_RECV"), "Peak half-open TCP (SYN_RECV)");
    assert.equal(unitOf("SYN_COOKIES"), "PACKETS_PER_SECOND");
    assert.equal(peakLabelOf("SYN_COOKIES"), "Peak SYN cookies sent/s");
  });
});
