import assert from "node:assert/strict";
import { test } from "node:test";
import {
  BASELINE_WINDOW,
  BaselineWindow,
  capGrowth,
  learnedFromValues,
  MIN_READ_SECONDS,
  percentile,
  statsOf,
  thresholdFor,
} from "./baseline.ts";
import { DEFAULT_FLOORS, learnedValue, TRAFFIC_METRICS } from "./metrics.ts";

const policy = { multiplier: 3, floors: DEFAULT_FLOORS, elevatedFraction: 0.5, overrides: {} };
const sample = (pps: number) => ({
  rxPps: pps,
  rxBps: pps * 8000,
  tcpPps: pps / 2,
  udpPps: pps / 2,
  icmpPps: 0,
});

test("percentile matches percentile_cont (linear interpolation)", () => {
  assert.equal(percentile([1, 2, 3, 4], 0.5), 2.5);
  assert.equal(percentile([10], 0.99), 10);
  assert.equal(percentile([], 0.99), 0);
  const s = statsOf(Array.from({ length: 101 }, (_, i) => i));
  assert.equal(s.p95, 95);
  assert.equal(s.p99, 99);
  assert.equal(s.avg, 50);
});

test("a learning node uses the floor", () => {
  const t = thresholdFor("PPS", statsOf([50_000, 60_000]), policy);
  assert.deepEqual(t, { metric: "PPS", threshold: 10_000, elevatedAt: 5_000, source: "FLOOR" });
});

test("a learned node alarms at multiplier × p99, never below the floor", () => {
  const busy = statsOf(Array.from({ length: BASELINE_WINDOW }, (_, i) => 20_000 + i));
  const t = thresholdFor("PPS", busy, policy);
  assert.equal(t.source, "LEARNED");
  assert.ok(Math.abs(t.threshold - 3 * busy.p99) < 1e-6);
  const idle = statsOf(Array.from({ length: BASELINE_WINDOW }, () => 10));
  assert.equal(thresholdFor("PPS", idle, policy).source, "FLOOR");
  assert.equal(thresholdFor("PPS", idle, { ...policy, multiplier: 5 }).threshold, 10_000);
});

test("a manual override wins over the floor and the baseline", () => {
  const t = thresholdFor("UDP_PPS", undefined, { ...policy, overrides: { UDP_PPS: 42 } });
  assert.deepEqual(t, { metric: "UDP_PPS", threshold: 42, elevatedAt: 21, source: "MANUAL" });
});

test("the window keeps only the last 300 samples", () => {
  const w = new BaselineWindow();
  for (let i = 0; i < 1000; i++) w.add(sample(i));
  const stats = w.stats();
  assert.equal(w.size, BASELINE_WINDOW);
  assert.equal(stats.PPS.samples, 300);
  assert.equal(stats.PPS.avg, (700 + 999) / 2);
  assert.equal(stats.TCP_PPS.avg, (700 + 999) / 4);
});

test("a window no sample was added to holds nothing, and its statistics say so", () => {
  const stats = new BaselineWindow().stats();
  assert.equal(new BaselineWindow().size, 0);
  assert.deepEqual(stats.PPS, { samples: 0, avg: 0, p95: 0, p99: 0 });
});

test("statsOf keeps only the top values yet answers as sorting them all", () => {
  const sortedStats = (values: Float32Array) => {
    const sorted = Float64Array.from(values).sort();
    return { p95: percentile(sorted, 0.95), p99: percentile(sorted, 0.99) };
  };
  const shapes = [
    (i: number) => (i * 7919) % 1000, // scattered
    (i: number) => i, // rising: every value enters the top
    (i: number) => -i, // falling: none after the first
    (i: number) => i % 3, // ties
  ];
  for (const shape of shapes)
    for (const n of [1, 2, 19, 20, 21, 150, BASELINE_WINDOW]) {
      const values = Float32Array.from({ length: n }, (_, i) => shape(i) * 1.37);
      const { p95, p99 } = statsOf(values);
      assert.deepEqual({ p95, p99 }, sortedStats(values), `n ${n}, ${shape}`);
    }
});

test("append adds a window's samples oldest first, as if each were added (wrapped rings too)", () => {
  const value = (i: number) => ({ rxPps: i, rxBps: i * 2, tcpPps: i * 3, udpPps: 1, icmpPps: 0 });
  for (const [stored, live] of [
    [0, 5],
    [120, 40],
    [290, 350],
    [300, 0],
  ] as const) {
    const expected = new BaselineWindow();
    const older = new BaselineWindow();
    const later = new BaselineWindow();
    for (let i = 0; i < stored; i++) {
      older.add(value(i));
      expected.add(value(i));
    }
    for (let i = 0; i < live; i++) {
      later.add(value(1000 + i));
      expected.add(value(1000 + i));
    }
    older.append(later);
    assert.equal(older.size, expected.size);
    assert.deepEqual(older.stats(), expected.stats());
    // The same order: what falls out next is the oldest of both.
    for (let i = 0; i < 200; i++) {
      older.add(value(5000 + i));
      expected.add(value(5000 + i));
    }
    assert.deepEqual(older.stats(), expected.stats());
  }
});

test("a window grows as samples come, and holds what a ring of 300 would (add, addPacked, append)", () => {
  const value = (i: number) => ({ rxPps: i * 1.5, rxBps: i * 2, tcpPps: i * 3, udpPps: i % 7, icmpPps: 1 });
  /** The statistics of the last 300 of samples 0..n-1, by statsOf on plain arrays (socket counts absent: NaN). */
  const reference = (n: number) => {
    const from = Math.max(0, n - BASELINE_WINDOW);
    const out = {} as ReturnType<BaselineWindow["stats"]>;
    for (const metric of TRAFFIC_METRICS)
      out[metric] = statsOf(
        Float32Array.from({ length: n - from }, (_, k) => learnedValue(value(from + k), metric)),
      );
    return out;
  };
  const packed = (from: number, rows: number) => {
    const bytes = new Uint8Array(rows * TRAFFIC_METRICS.length * 8);
    const view = new DataView(bytes.buffer);
    for (let r = 0; r < rows; r++)
      for (const [i, metric] of TRAFFIC_METRICS.entries())
        view.setFloat64((r * TRAFFIC_METRICS.length + i) * 8, learnedValue(value(from + r), metric));
    return bytes;
  };
  // Counts on both sides of each growth (16, 64, 256, 300) and past the first wrap.
  const counts = [1, 15, 16, 17, 63, 64, 65, 255, 256, 257, 299, 300, 301, 700];
  for (const n of counts) {
    const added = new BaselineWindow();
    for (let i = 0; i < n; i++) added.add(value(i));
    assert.deepEqual(added.stats(), reference(n), `add ${n}`);
    // Packed in two reads (the second crossing a growth), then live samples.
    const split = Math.floor(n / 3);
    const read = new BaselineWindow();
    read.addPacked(packed(0, split), split);
    read.addPacked(packed(split, n - split), n - split);
    assert.deepEqual(read.stats(), reference(n), `addPacked ${n}`);
    for (let i = n; i < n + 20; i++) read.add(value(i));
    assert.deepEqual(read.stats(), reference(n + 20), `addPacked ${n}, then add`);
    // A small window taking on a live one (its first seconds) that grew on its own.
    const stored = new BaselineWindow();
    const live = new BaselineWindow();
    for (let i = 0; i < split; i++) stored.add(value(i));
    for (let i = split; i < n; i++) live.add(value(i));
    stored.append(live);
    assert.equal(stored.size, Math.min(n, BASELINE_WINDOW));
    assert.deepEqual(stored.stats(), reference(n), `append ${n}`);
  }
});

test("statsOf leaves out values that are NaN (not read) but counts their seconds", () => {
  const values = Array.from({ length: MIN_READ_SECONDS }, (_, i) => i);
  const withGaps = values.flatMap((v) => [v, Number.NaN]);
  assert.deepEqual(statsOf(withGaps), {
    ...statsOf(values),
    samples: withGaps.length,
    read: MIN_READ_SECONDS,
  });
  assert.deepEqual(statsOf([Number.NaN, Number.NaN]), { samples: 2, avg: 0, p95: 0, p99: 0, read: 0 });
  // A handful of read seconds learn nothing: as none read.
  const few = [...values.slice(0, MIN_READ_SECONDS - 1), Number.NaN];
  assert.deepEqual(statsOf(few), {
    samples: MIN_READ_SECONDS,
    avg: 0,
    p95: 0,
    p99: 0,
    read: MIN_READ_SECONDS - 1,
  });
  assert.equal(learnedFromValues(statsOf(few)), false);
  assert.equal(learnedFromValues(statsOf(withGaps)), true);
  assert.equal(learnedFromValues(statsOf([1, 2])), true, "a young window read in full");
});

test("socket counts not read are left out of the window's statistics, not learned as 0", () => {
  const w = new BaselineWindow();
  const read: number[] = [];
  for (let i = 0; i < BASELINE_WINDOW; i++) {
    // Read one second in three (an agent that lost /proc/net/tcp for a while): 30–69 half-open.
    const counted = i % 3 === 0;
    const synRecv = 30 + (i % 40);
    if (counted) read.push(synRecv);
    w.add({
      ...sample(1000),
      synRecv: counted ? synRecv : null,
      tcpEstablished: counted ? 200 : null,
      tcpTotal: counted ? 400 : null,
    });
  }
  const stats = w.stats();
  assert.deepEqual(stats.SYN_RECV, {
    ...statsOf(Float32Array.from(read)),
    samples: BASELINE_WINDOW,
    read: 100,
  });
  assert.deepEqual(stats.TCP_ESTABLISHED, {
    samples: BASELINE_WINDOW,
    avg: 200,
    p95: 200,
    p99: 200,
    read: 100,
  });
  assert.equal(stats.PPS.avg, 1000);
  // A node whose counts are never read keeps the floors for them.
  const blind = new BaselineWindow();
  for (let i = 0; i < BASELINE_WINDOW; i++)
    blind.add({ ...sample(1000), synRecv: null, tcpEstablished: null, tcpTotal: null });
  const t = thresholdFor("SYN_RECV", blind.stats().SYN_RECV, policy);
  assert.deepEqual([t.source, t.threshold], ["FLOOR", DEFAULT_FLOORS.SYN_RECV]);
});

test("a p99 learned from unread counts does not cap the growth of the first one learned from values", () => {
  const full = (p99: number, read?: number) => ({
    samples: BASELINE_WINDOW,
    avg: p99 / 2,
    p95: p99,
    p99,
    ...(read === undefined ? {} : { read }),
  });
  const stats = (tcpEstablished: ReturnType<typeof full>) =>
    Object.fromEntries(
      TRAFFIC_METRICS.map((m) => [m, m === "TCP_ESTABLISHED" ? tcpEstablished : full(100)]),
    ) as ReturnType<BaselineWindow["stats"]>;
  const hour = 3_600_000;
  // Counts read again after a stretch unread: the fresh p99 (20,000 sockets) is taken as it is.
  const afterUnread = capGrowth(stats(full(20_000)), stats(full(0, 0)), hour);
  assert.equal(afterUnread.TCP_ESTABLISHED.p99, 20_000);
  // A p99 of 0 that was read (a node with no sockets) still rises at most 25 % an hour, from 1.
  const afterRead = capGrowth(stats(full(20_000)), stats(full(0)), hour);
  assert.equal(afterRead.TCP_ESTABLISHED.p99, 1.25);
  assert.equal(afterRead.PPS.p99, 100);
});

test("SYN cookies sent/s are learned like the socket counts: not-read seconds left out, a busy node's p99 over the floor", () => {
  // A busy server whose small backlog fills in ordinary bursts: 20–59 cookies/s, read two seconds in three.
  const busy = new BaselineWindow();
  const read: number[] = [];
  for (let i = 0; i < BASELINE_WINDOW; i++) {
    const counted = i % 3 !== 0;
    const cookies = 20 + (i % 40);
    if (counted) read.push(cookies);
    busy.add({ ...sample(1000), syncookiesSent: counted ? cookies : null });
  }
  const stats = busy.stats().SYN_COOKIES;
  assert.deepEqual(stats, { ...statsOf(Float32Array.from(read)), samples: BASELINE_WINDOW, read: 200 });
  const learned = thresholdFor("SYN_COOKIES", stats, policy);
  assert.equal(learned.source, "LEARNED");
  assert.equal(learned.threshold, 3 * stats.p99);
  assert.ok(learned.threshold > DEFAULT_FLOORS.SYN_COOKIES);
  // A quiet server (no cookies, or the agent never reads them): the floor, 100/s.
  const quiet = new BaselineWindow();
  const blind = new BaselineWindow();
  for (let i = 0; i < BASELINE_WINDOW; i++) {
    quiet.add({ ...sample(1000), syncookiesSent: i === 7 ? 3 : 0 });
    blind.add({ ...sample(1000), syncookiesSent: null });
  }
  for (const w of [quiet, blind]) {
    const t = thresholdFor("SYN_COOKIES", w.stats().SYN_COOKIES, policy);
    assert.deepEqual([t.source, t.threshold], ["FLOOR", DEFAULT_FLOORS.SYN_COOKIES]);
  }
  assert.equal(blind.stats().SYN_COOKIES.read, 0);
  // A manual threshold wins (setNodeThresholds), under the floor too.
  const manual = thresholdFor("SYN_COOKIES", stats, { ...policy, overrides: { SYN_COOKIES: 40 } });
  assert.deepEqual([manual.source, manual.threshold], ["MANUAL", 40]);
  assert.ok(Number.isNaN(learnedValue({ ...sample(1), syncookiesSent: null }, "SYN_COOKIES")));
});
