import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { summaryOf } from "../../test/summaries.ts";
import { captureSummarySchema } from "./capture-summary.ts";
import { classifyWindow, IncidentWindow } from "./incident-window.ts";
import { mergeSummaries } from "./merge-summaries.ts";
import {
  decodeSketch,
  encodeSketch,
  MAX_EXACT_SOURCES,
  sketchOfHashes,
  sketchSize,
} from "./source-sketch.ts";

const tenth = (packets: number, hashes: number[]) =>
  summaryOf({
    seconds: 0.1,
    protocols: { tcp: packets, udp: 0, icmp: 0, gre: 0, other: 0 },
    distinctSources: hashes.length,
    sourceSketch: encodeSketch(sketchOfHashes(hashes)),
  });

describe("incident window", () => {
  it("spans first to last hot sample in time, whatever the summaries' own lengths, without the quiet tail", () => {
    const window = new IncidentWindow();
    window.add({ endMs: 900, hot: false, summary: tenth(5, [1]) });
    for (let i = 1; i <= 20; i++)
      window.add({ endMs: 1000 + i * 100, hot: i !== 10, summary: tenth(1000, [i]) });
    for (let i = 21; i <= 40; i++) window.add({ endMs: 1000 + i * 100, hot: false, summary: tenth(3, [99]) });
    const summary = window.summary();
    assert.ok(summary);
    assert.equal(summary.seconds, 2);
    assert.equal(summary.packets, 20_000);
    assert.equal(summary.distinctSources, 20);
    assert.equal(summary.distinctSourcesExact, true);
  });

  it("adds up the hot samples alone, over their own lengths", () => {
    const window = new IncidentWindow();
    assert.equal(window.hotTraffic(), undefined);
    window.add({ endMs: 900, hot: false, summary: tenth(5, [1]) });
    window.add({ endMs: 1000, hot: true, summary: tenth(300, [2]) });
    window.add({ endMs: 1100, hot: false, summary: tenth(10, [3]) });
    window.add({ endMs: 1200, hot: true, summary: tenth(200, [4]) });
    window.add({ endMs: 1300, hot: false, summary: tenth(7, [5]) });
    const hot = window.hotTraffic();
    assert.ok(hot);
    assert.equal(hot.packets, 500);
    assert.equal(hot.tcp, 500);
    assert.ok(Math.abs(hot.seconds - 0.2) < 1e-9);
    assert.equal(window.summary()?.packets, 510);
  });

  it("takes a hot sample's own traffic where its summary holds only a ring's part of it", () => {
    const window = new IncidentWindow();
    const traffic = { seconds: 1, packets: 60_000, bytes: 4_500_000, tcp: 60_000, udp: 0, icmp: 0 };
    window.add({ endMs: 2000, hot: true, summary: { ...tenth(500, [1]), seconds: 1.8 }, traffic });
    assert.deepEqual(window.hotTraffic(), traffic);
    assert.equal(window.summary()?.packets, 500, "the summary is still the ring's");
  });

  it("ignores replayed samples and has nothing before the first hot one", () => {
    const window = new IncidentWindow();
    window.add({ endMs: 100, hot: false, summary: tenth(1, [1]) });
    assert.equal(window.summary(), undefined);
    window.add({ endMs: 200, hot: true, summary: tenth(10, [2]) });
    window.add({ endMs: 200, hot: true, summary: tenth(10, [3]) });
    assert.equal(window.summary()?.packets, 10);
  });
});

describe("source sketch", () => {
  it("counts the union exactly while small, then by HyperLogLog within 3 %", () => {
    const a = sketchOfHashes([1, 2, 3]);
    const merged = mergeSummaries(tenth(3, [1, 2, 3]), tenth(3, [3, 4]));
    assert.equal(merged.distinctSources, 4);
    assert.equal(sketchSize(a), 3);
    // Well-mixed hashes, as the extractor's keyHash gives (MurmurHash3 finaliser).
    const mix = (v: number) => {
      let h = Math.imul(v ^ (v >>> 16), 0x85ebca6b);
      h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
      return (h ^ (h >>> 16)) >>> 0;
    };
    const many = Array.from({ length: 5000 }, (_, i) => mix(i + 1));
    let summary = tenth(1, many.slice(0, 1));
    for (let i = 1; i < 5000; i += 500) summary = mergeSummaries(summary, tenth(500, many.slice(i, i + 500)));
    assert.ok(Math.abs(summary.distinctSources - 5000) < 150, String(summary.distinctSources));
    assert.equal(summary.distinctSourcesExact, false);
    assert.equal(decodeSketch(summary.sourceSketch ?? "")?.kind, "registers");
  });

  it("is refused by the summary schema when malformed", () => {
    for (const bad of [
      "y",
      "xAAA",
      `x${Buffer.alloc((MAX_EXACT_SOURCES + 1) * 4).toString("base64")}`,
      "x%%%",
    ]) {
      const parsed = captureSummarySchema.safeParse({ ...tenth(1, [1]), sourceSketch: bad });
      assert.equal(parsed.success, false, bad);
    }
    // Hashes must be sorted and distinct.
    const unsorted = Buffer.alloc(8);
    unsorted.writeUInt32BE(5, 0);
    unsorted.writeUInt32BE(2, 4);
    assert.equal(decodeSketch(`x${unsorted.toString("base64")}`), undefined);
  });

  it("keeps the peak socket counts from the window's start and classifies a SYN_RECV flood by them", () => {
    const window = new IncidentWindow();
    const entry = (endMs: number, hot: boolean, synRecv: number) => ({
      endMs,
      hot,
      summary: summaryOf({ protocols: { tcp: 20, udp: 0, icmp: 0, gre: 0, other: 0 } }),
      sockets: { synRecv, tcpEstablished: 2, tcpTotal: synRecv + 5 },
    });
    window.add(entry(1000, false, 900)); // before the attack: not its peak
    window.add(entry(2000, true, 300));
    window.add(entry(3000, true, 450));
    window.add(entry(4000, false, 20));
    assert.deepEqual(window.socketPeaks(), { synRecv: 450, tcpEstablished: 2, tcpTotal: 455 });
    const thresholds = [
      { metric: "PPS", threshold: 10_000 },
      { metric: "SYN_RECV", threshold: 100 },
    ];
    const classified = classifyWindow(window, thresholds);
    assert.equal(classified?.classification.family, "SYN_FLOOD");
    assert.equal(classifyWindow(window, [{ metric: "PPS", threshold: 10_000 }])?.classification.family, null);
  });

  it("keeps the peak SYN cookies/s from the window's start (not-read seconds left out) and names the SYN flood by them", () => {
    const window = new IncidentWindow();
    const entry = (endMs: number, hot: boolean, syncookiesSent: number | null) => ({
      endMs,
      hot,
      summary: summaryOf({ protocols: { tcp: 20, udp: 0, icmp: 0, gre: 0, other: 0 } }),
      syncookiesSent,
    });
    window.add(entry(1000, false, 5000)); // before the attack: not its peak
    window.add(entry(2000, true, 120));
    window.add(entry(3000, true, null));
    window.add(entry(4000, true, 80));
    assert.equal(window.syncookiesPeakRate(), 120);
    const thresholds = [{ metric: "PPS", threshold: 10_000 }];
    const classified = classifyWindow(window, thresholds);
    assert.equal(classified?.classification.family, "SYN_FLOOD");
    assert.equal(
      classified?.classification.detail,
      "SYN backlog full: the kernel answering with SYN cookies",
    );
    // The node's SYN_COOKIES threshold reaches the evidence line.
    const withThreshold = classifyWindow(window, [...thresholds, { metric: "SYN_COOKIES", threshold: 100 }]);
    assert.match(
      withThreshold?.classification.evidence.join("\n") ?? "",
      /^120 SYN cookies sent\/s at the peak, threshold 100:/m,
    );
  });
});
