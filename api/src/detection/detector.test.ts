import assert from "node:assert/strict";
import { test } from "node:test";
import { thresholdFor } from "./baseline.ts";
import {
  type DetectorEvent,
  type DetectorState,
  initialDetectorState,
  severityOf,
  step,
} from "./detector.ts";
import { DEFAULT_FLOORS, type MetricValues, TRAFFIC_METRICS } from "./metrics.ts";

const policy = { multiplier: 3, floors: DEFAULT_FLOORS, elevatedFraction: 0.5, overrides: { PPS: 1000 } };
const thresholds = TRAFFIC_METRICS.map((m) => thresholdFor(m, undefined, policy));
const T0 = Date.UTC(2026, 10, 25, 12, 0, 0);
const at = (second: number, pps: number) => ({
  ts: T0 + second * 1000,
  rxPps: pps,
  rxBps: pps * 8 * 500,
  tcpPps: 0,
  udpPps: pps,
  icmpPps: 0,
});

function run(series: number[], start: DetectorState = initialDetectorState()) {
  let state = start;
  const events: (DetectorEvent & { second: number })[] = [];
  const levels: string[] = [];
  series.forEach((pps, second) => {
    const r = step(state, at(second, pps), thresholds);
    state = r.state;
    levels.push(r.state.level);
    for (const e of r.events) events.push({ ...e, second });
  });
  return { state, events, levels };
}

test("NORMAL, ELEVATED above half the threshold, ATTACK opens on the first sample above it", () => {
  const { events, levels } = run([100, 600, 900, 1500]);
  assert.deepEqual(levels, ["NORMAL", "ELEVATED", "ELEVATED", "ATTACK"]);
  assert.equal(events.length, 1);
  assert.equal(events[0]?.kind, "OPENED");
  assert.equal(events[0]?.second, 3);
  assert.deepEqual(events[0]?.incident.triggerMetrics, ["PPS"]);
});

test("resolves after 30 quiet seconds; values between 80 % and 100 % keep it open (hysteresis)", () => {
  const attack = [5000, 5000, 5000];
  const hovering = Array(40).fill(900); // below threshold, above 80 %: not quiet
  const quiet = Array(31).fill(100);
  const { events, state } = run([...attack, ...hovering, ...quiet]);
  const kinds = events.map((e) => `${e.kind}@${e.second}`);
  assert.deepEqual(kinds, ["OPENED@0", `RESOLVED@${3 + 40 + 30}`]);
  const resolved = events.at(-1) as Extract<DetectorEvent, { kind: "RESOLVED" }>;
  assert.equal(resolved.endedAt, T0 + 43_000, "ended when traffic fell back");
  assert.equal(resolved.incident.peakPps, 5000);
  assert.equal(resolved.incident.timeline.length, 74);
  assert.equal(state.incident, null);
  assert.equal(state.level, "NORMAL");
});

test("a flood that returns before the quiet period ends stays one incident", () => {
  const { events } = run([3000, ...Array(20).fill(10), 3000, ...Array(31).fill(10)]);
  assert.deepEqual(
    events.map((e) => e.kind),
    ["OPENED", "RESOLVED"],
  );
});

test("ELEVATED does not flap around its level: it ends below 80 % of it", () => {
  const { levels } = run([100, 600, 450, 520, 410, 390, 100]);
  assert.deepEqual(levels, ["NORMAL", "ELEVATED", "ELEVATED", "ELEVATED", "ELEVATED", "NORMAL", "NORMAL"]);
});

test("growth is announced as UPDATED with a new severity", () => {
  const { events } = run([1500, 1600, 6000, 6100, 20_000]);
  assert.deepEqual(
    events.map((e) => `${e.kind}:${e.incident.severity}`),
    ["OPENED:LOW", "UPDATED:HIGH", "UPDATED:CRITICAL"],
  );
  assert.equal(severityOf(1.5), "LOW");
  assert.equal(severityOf(2), "MEDIUM");
});

test("replayed or out-of-order samples are not evaluated twice", () => {
  let state = initialDetectorState();
  state = step(state, at(5, 5000), thresholds).state;
  const replay = step(state, at(5, 5000), thresholds);
  assert.equal(replay.skipped, true);
  assert.equal(replay.events.length, 0);
  assert.equal(step(state, at(4, 100), thresholds).skipped, true);
});

test("the timeline is thinned, not unbounded", () => {
  let state = initialDetectorState();
  for (let s = 0; s < 50; s++) {
    state = step(state, at(s, 5000), thresholds, {
      quietSeconds: 30,
      resolveFraction: 0.8,
      maxTimelinePoints: 16,
    }).state;
  }
  assert.ok((state.incident?.timeline.length ?? 0) <= 16);
});

test("thinning a full timeline keeps its peak, wherever it fell", () => {
  const options = { quietSeconds: 30, resolveFraction: 0.8, maxTimelinePoints: 16 };
  // 50 s of attack in 16 points, one spike in it, for each second the spike can fall in: keeping
  // every other point (as before) kept it only in the seconds that happened to survive.
  for (let spike = 0; spike < 50; spike++) {
    let state = initialDetectorState();
    for (let s = 0; s < 50; s++)
      state = step(state, at(s, s === spike ? 90_000 : 5000), thresholds, options).state;
    const timeline = state.incident?.timeline ?? [];
    assert.ok(timeline.length <= 16);
    const kept = timeline.filter(([, pps]) => pps === 90_000).map(([second]) => second - T0 / 1000);
    assert.deepEqual(kept, [spike], `spike at ${spike} s`);
    const seconds = timeline.map(([second]) => second);
    assert.deepEqual(
      seconds,
      seconds.toSorted((a, b) => a - b),
    );
  }
});

/** Samples at arbitrary times (ms after T0), as an agent with a sub-second trigger sends them. */
function runAt(series: [ms: number, pps: number][], quietSeconds: number) {
  let state = initialDetectorState();
  const events: string[] = [];
  for (const [ms, pps] of series) {
    const r = step(state, { ...at(0, pps), ts: T0 + ms }, thresholds, {
      quietSeconds,
      resolveFraction: 0.8,
      maxTimelinePoints: 3600,
    });
    state = r.state;
    for (const e of r.events) events.push(`${e.kind}@${ms}`);
  }
  return { state, events };
}

test("a flood sampled in parts (early crossings, the rest of each second, quiet slivers) stays one incident", () => {
  const series: [number, number][] = [
    [0, 100],
    [220, 100], // the calm part of the second, closed when the probe crossed
    [320, 5000], // the crossing window
    [1000, 5000], // the rest of the slot
    [1010, 0], // a 10 ms sliver in which the flood sent nothing
    [2000, 5000],
  ];
  // Bursty on and off for four more seconds: short quiet windows never add up to a quiet period.
  for (let ms = 2100; ms <= 6000; ms += 100) series.push([ms, ms % 200 === 0 ? 5000 : 0]);
  const flood = runAt(series, 3);
  assert.deepEqual(flood.events, ["OPENED@320"]);
  assert.notEqual(flood.state.incident, null);
});

test("resolve needs the quiet period in sample time: many sub-second quiet samples are not many seconds", () => {
  const series: [number, number][] = [
    [0, 5000],
    [1000, 5000],
  ];
  // Thirty quiet samples 100 ms apart: three seconds, not thirty samples' worth.
  for (let ms = 1100; ms <= 4000; ms += 100) series.push([ms, 0]);
  const partial = runAt(series, 3);
  assert.deepEqual(partial.events, ["OPENED@0"], "1.1 s → 4.0 s is 2.9 s of quiet");
  const longer = runAt([...series, [4100, 0]], 3);
  assert.deepEqual(longer.events, ["OPENED@0", "RESOLVED@4100"], "3 s after the first quiet sample");
});

test("a late or replayed partial sample cannot reopen or resolve: it is not evaluated", () => {
  const { events, state } = runAt(
    [
      [0, 5000],
      [1000, 5000],
      [2000, 0],
      [5000, 0],
    ],
    3,
  );
  assert.deepEqual(events, ["OPENED@0", "RESOLVED@5000"]);
  // The crossing's own sample arriving after the batch that carried the rest (an express
  // request overtaken): older than what was evaluated, so skipped — no second incident.
  const late = step(state, { ...at(0, 5000), ts: T0 + 320 }, thresholds);
  assert.equal(late.skipped, true);
  assert.deepEqual(late.events, []);
});

/** A second with the sampled interface nearly idle while host-wide counters show a flood. */
const hostWide = (second: number, values: Partial<MetricValues>) => ({
  ts: T0 + second * 1000,
  rxPps: 50,
  rxBps: 50 * 8 * 60,
  tcpPps: 0,
  udpPps: 0,
  icmpPps: 0,
  ...values,
});

test("a TCP-only crossing keeps the TCP packets/s peak and its threshold, not the interface's", () => {
  let state = initialDetectorState();
  const opened = step(state, hostWide(0, { tcpPps: 100_000 }), thresholds);
  state = opened.state;
  assert.equal(opened.events[0]?.kind, "OPENED");
  assert.deepEqual(opened.events[0]?.incident.triggerPeaks, [
    { metric: "TCP_PPS", peak: 100_000, thresholdAtPeak: 8_000 },
  ]);
  // Higher under a raised threshold (an operator's override), then lower: the peak is the highest
  // value, with the threshold in force on that second.
  const raised = thresholds.map((t) => (t.metric === "TCP_PPS" ? { ...t, threshold: 10_000 } : t));
  state = step(state, hostWide(1, { tcpPps: 145_000 }), raised).state;
  state = step(state, hostWide(2, { tcpPps: 90_000 }), thresholds).state;
  assert.deepEqual(state.incident?.triggerPeaks, [
    { metric: "TCP_PPS", peak: 145_000, thresholdAtPeak: 10_000 },
  ]);
  assert.equal(state.incident?.peakPps, 50, "the interface's own peak stays what it saw");
  assert.deepEqual(
    opened.events[0]?.incident.triggerPeaks,
    [{ metric: "TCP_PPS", peak: 100_000, thresholdAtPeak: 8_000 }],
    "an event's incident is not changed by later seconds",
  );
});

test("a multi-metric crossing keeps each trigger's peak, a metric joining later from its crossing", () => {
  let state = initialDetectorState();
  state = step(state, hostWide(0, { tcpPps: 20_000, synRecv: 900 }), thresholds).state;
  state = step(state, hostWide(1, { tcpPps: 30_000, synRecv: 600 }), thresholds).state;
  // Established connections were below their threshold until now; a value under it later does
  // not lower the peak, nor does a metric that never crossed get one.
  state = step(state, hostWide(2, { tcpPps: 25_000, synRecv: 700, tcpEstablished: 7_000 }), thresholds).state;
  state = step(
    state,
    hostWide(3, { tcpPps: 25_000, synRecv: 700, tcpEstablished: 4_000, udpPps: 4_000 }),
    thresholds,
  ).state;
  assert.deepEqual(state.incident?.triggerMetrics, ["TCP_PPS", "SYN_RECV", "TCP_ESTABLISHED"]);
  assert.deepEqual(state.incident?.triggerPeaks, [
    { metric: "TCP_PPS", peak: 30_000, thresholdAtPeak: 8_000 },
    { metric: "SYN_RECV", peak: 900, thresholdAtPeak: 100 },
    { metric: "TCP_ESTABLISHED", peak: 7_000, thresholdAtPeak: 5_000 },
  ]);
});

/**
 * Seconds as the agent reports them during a real SYN flood at a listener with a backlog of 4 and
 * net.ipv4.tcp_syncookies=1 (agent/test/syn-cookies-flood.test.ts sends one: ~2,000 SYNs/s, nearly
 * all answered with cookies): SYN_RECV stays at the backlog, the packet rates under their floors.
 */
const cookieFlood = (second: number, syncookiesSent: number | null) =>
  hostWide(second, { rxPps: 2_050, rxBps: 2_050 * 8 * 60, tcpPps: 2_050, synRecv: 4, syncookiesSent });
/** Every metric at its floor (the PPS override of the tests above left out). */
const floors = TRAFFIC_METRICS.map((m) => thresholdFor(m, undefined, { ...policy, overrides: {} }));

test("a SYN flood the backlog holds out of SYN_RECV opens an incident on SYN cookies sent/s alone", () => {
  const thresholds = floors;
  let state = initialDetectorState();
  state = step(state, cookieFlood(0, 0), thresholds).state;
  assert.equal(state.level, "NORMAL");
  const opened = step(state, cookieFlood(1, 1_980), thresholds);
  assert.equal(opened.events[0]?.kind, "OPENED");
  assert.deepEqual(opened.events[0]?.incident.triggerMetrics, ["SYN_COOKIES"]);
  assert.deepEqual(opened.events[0]?.incident.triggerPeaks, [
    { metric: "SYN_COOKIES", peak: 1_980, thresholdAtPeak: DEFAULT_FLOORS.SYN_COOKIES },
  ]);
  state = opened.state;
  // A second whose cookies were not read (a probe's crossing, an older agent) is 0 to the detector:
  // it neither raises the peak nor, alone, holds the incident past its quiet period.
  state = step(state, cookieFlood(2, null), thresholds).state;
  assert.equal(state.incident?.triggerPeaks[0]?.peak, 1_980);
  let resolved: DetectorEvent | undefined;
  for (let s = 3; s < 40 && !resolved; s++) {
    const r = step(state, cookieFlood(s, s % 2 ? null : 2), thresholds);
    state = r.state;
    resolved = r.events.find((e) => e.kind === "RESOLVED");
  }
  assert.equal(resolved?.kind, "RESOLVED");
});

test("a quiet server's odd SYN cookie (a burst filling a small backlog) stays NORMAL", () => {
  let state = initialDetectorState();
  const levels = new Set<string>();
  for (const [second, cookies] of [0, 3, 0, 0, 12, 1, 0, 30, 0, null].entries()) {
    const r = step(state, hostWide(second, { tcpPps: 300, synRecv: 2, syncookiesSent: cookies }), thresholds);
    state = r.state;
    levels.add(r.state.level);
    assert.deepEqual(r.events, []);
  }
  assert.deepEqual([...levels], ["NORMAL"]);
  // 60 cookies/s is past half the floor: ELEVATED, not an attack.
  assert.equal(step(state, hostWide(10, { syncookiesSent: 60 }), thresholds).state.level, "ELEVATED");
});
