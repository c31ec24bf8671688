import assert from "node:assert/strict";
import { test } from "node:test";
import type { CaptureSummary } from "@levee/shared/classification/capture-summary";
import { classify } from "@levee/shared/classification/classifier";
import { mergeSummaries } from "@levee/shared/classification/merge-summaries";
import { summaryOf } from "@levee/shared/test-support/summaries";
import { parseSample, type SampleInput } from "./sample-input.ts";

const NOW = Date.UTC(2026, 10, 25, 12);
const limits = { maxAgeMs: 24 * 3_600_000, maxFutureMs: 60_000 };
const good: SampleInput = {
  ts: new Date(NOW - 1000),
  interface: "eth0",
  rxPps: 1200,
  rxBps: 9_600_000,
  txPps: 800,
  txBps: 4_000_000,
  tcpPps: 1000,
  udpPps: 150,
  icmpPps: 2,
  otherPps: 48,
  synRecv: 0,
  tcpEstablished: 40,
  tcpTotal: 55,
};
const problems = (input: Partial<SampleInput>) => {
  const r = parseSample({ ...good, ...input }, 3, limits, NOW);
  return "errors" in r ? r.errors.map((e) => e.path) : [];
};

test("a plausible sample passes unchanged", () => {
  const r = parseSample(good, 0, limits, NOW);
  assert.ok("row" in r);
  assert.equal(r.row.capture, null);
});

test("negative, absurd and fractional values are named by path", () => {
  assert.deepEqual(problems({ rxPps: -1 }), ["samples.3.rxPps"]);
  assert.deepEqual(problems({ rxBps: 1e15 }), ["samples.3.rxBps"]);
  assert.deepEqual(problems({ synRecv: 1.5, tcpTotal: -2 }), ["samples.3.synRecv", "samples.3.tcpTotal"]);
  assert.deepEqual(problems({ udpPps: Number.POSITIVE_INFINITY }), ["samples.3.udpPps"]);
});

test("socket counts that cannot be (total below SYN_RECV + established) are rejected at tcpTotal", () => {
  assert.deepEqual(problems({ synRecv: 30, tcpEstablished: 40, tcpTotal: 69 }), ["samples.3.tcpTotal"]);
  assert.deepEqual(problems({ synRecv: 30, tcpEstablished: 40, tcpTotal: 70 }), []);
  assert.deepEqual(problems({ synRecv: 2e8 }), ["samples.3.synRecv"], "above any real socket table");
});

test("timestamps far in the future or past are refused", () => {
  assert.deepEqual(problems({ ts: new Date(NOW + 5 * 60_000) }), ["samples.3.ts"]);
  assert.deepEqual(problems({ ts: new Date(NOW - 2 * 86_400_000) }), ["samples.3.ts"]);
  assert.deepEqual(problems({ ts: new Date(NOW + 30_000) }), [], "small clock skew is fine");
});

test("interface names follow Linux rules", () => {
  assert.deepEqual(problems({ interface: "a-very-long-interface" }), ["samples.3.interface"]);
  assert.deepEqual(problems({ interface: "eth0; rm -rf /" }), ["samples.3.interface"]);
});

test("a malformed capture summary rejects its sample", () => {
  assert.deepEqual(problems({ capture: { packets: -5 } }).slice(0, 1), ["samples.3.capture.packets"]);
});

test("a capture summary with impossible counts is rejected with the path of each count", () => {
  const base = summaryOf({
    protocols: { tcp: 100, udp: 0, icmp: 0, gre: 0, other: 0 },
    sizeHistogram: [100, 0, 0, 0, 0, 0, 0],
  });
  assert.deepEqual(problems({ capture: base }), []);
  const bad = (fields: Partial<CaptureSummary>) => problems({ capture: { ...base, ...fields } });
  assert.deepEqual(bad({ tcpFlags: { ...base.tcpFlags, syn: 101 } }), ["samples.3.capture.tcpFlags"]);
  assert.deepEqual(bad({ protocols: { ...base.protocols, udp: 5 } }), ["samples.3.capture.protocols"]);
  assert.deepEqual(bad({ fragments: 10, unmatchedFragments: 11 }), ["samples.3.capture.unmatchedFragments"]);
  assert.deepEqual(bad({ fragments: 101 }), ["samples.3.capture.fragments"]);
  assert.deepEqual(bad({ distinctSources: 500, distinctSourcesExact: true }), [
    "samples.3.capture.distinctSources",
  ]);
  assert.deepEqual(bad({ sourcesWithVaryingTtl: 3 }), ["samples.3.capture.sourcesWithVaryingTtl"]);
  assert.deepEqual(bad({ topDestinationPorts: [{ protocol: "TCP", port: 70000, packets: 1 }] }), [
    "samples.3.capture.topDestinationPorts.0.port",
  ]);
  assert.deepEqual(bad({ seconds: 7200 }), ["samples.3.capture.seconds"]);
  assert.deepEqual(bad({ sourceSketch: "x%%" }), ["samples.3.capture.sourceSketch"]);
});

test("whatever passes validation merges without throwing, extremes included", () => {
  const parse = (capture: unknown) => {
    const r = parseSample({ ...good, capture }, 0, limits, NOW);
    assert.ok("row" in r && r.row.capture, JSON.stringify("errors" in r ? r.errors : null));
    return r.row.capture;
  };
  const huge = 1e12;
  const extreme = parse(
    summaryOf({
      packets: huge,
      bytes: huge,
      protocols: { tcp: huge / 2, udp: huge / 2, icmp: 0, gre: 0, other: 0 },
      distinctSources: 0,
      fragments: huge,
      unmatchedFragments: huge,
      seconds: 0.001,
    }),
  );
  const empty = parse(summaryOf({ seconds: 3600 }));
  let merged = mergeSummaries(extreme, empty);
  for (let i = 0; i < 3; i++) merged = mergeSummaries(merged, merged);
  assert.equal(merged.packets, huge * 8);
  assert.equal(classify(merged).family !== undefined, true);
});

test("socket counts are all read or all null (one scan), and null is kept as not read", () => {
  assert.deepEqual(problems({ synRecv: null, tcpEstablished: 40, tcpTotal: 55 }), ["samples.3.tcpTotal"]);
  assert.deepEqual(problems({ synRecv: null, tcpEstablished: null, tcpTotal: 55 }), ["samples.3.tcpTotal"]);
  const r = parseSample({ ...good, synRecv: null, tcpEstablished: null, tcpTotal: null }, 0, limits, NOW);
  assert.ok("row" in r);
  assert.deepEqual([r.row.synRecv, r.row.tcpEstablished, r.row.tcpTotal], [null, null, null]);
});
