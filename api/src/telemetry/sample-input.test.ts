import assert from "node:assert/strict";
import { test } from "node:test";
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
