import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  axisTick,
  formatAgo,
  formatBps,
  formatBytes,
  formatDuration,
  formatPps,
  formatTime,
  humanize,
} from "./units";

describe("units", () => {
  it("scales rates with SI prefixes and three significant digits", () => {
    assert.equal(formatPps(0), "0 pps");
    assert.equal(formatPps(950), "950 pps");
    assert.equal(formatPps(12_345), "12.3 kpps");
    assert.equal(formatPps(1_500_000), "1.50 Mpps");
    assert.equal(formatBps(2.5e9), "2.50 Gbps");
    assert.equal(formatPps(Number.NaN), "– pps");
  });

  it("labels value axes without rounding a fractional tick to the next whole number", () => {
    assert.deepEqual([0, 2.5, 5, 7.5, 10].map(axisTick), ["0", "2.5", "5", "7.5", "10"]);
    assert.deepEqual([0.25, 0.5, 12_500, 2e6].map(axisTick), ["0.25", "0.5", "12.5 k", "2.00 M"]);
  });

  it("formats sizes, durations and ages", () => {
    assert.equal(formatBytes(512), "512 B");
    assert.equal(formatBytes(1536), "1.5 KiB");
    assert.equal(formatBytes(20 * 1024 * 1024), "20 MiB");
    assert.equal(formatDuration(42), "42 s");
    assert.equal(formatDuration(125), "2 min 5 s");
    assert.equal(formatDuration(7260), "2 h 1 min");
    // The largest unit and the next one down, that one only when it is not zero.
    assert.equal(formatDuration(0), "0 s");
    assert.equal(formatDuration(41.6), "42 s", "whole seconds");
    assert.equal(formatDuration(300), "5 min");
    assert.equal(formatDuration(5400), "1 h 30 min");
    assert.equal(formatDuration(30 * 3600), "1 d 6 h");
    assert.equal(formatDuration(7 * 86_400), "7 d");
    assert.equal(formatDuration(86_400 + 3 * 3600 + 59), "1 d 3 h");
    assert.equal(formatDuration(3605), "1 h", "the seconds of an hour and 5 s are two units down");
    // Exact: every unit that is not zero (a rule's lifetime).
    assert.equal(formatDuration(3605, { exact: true }), "1 h 5 s");
    assert.equal(formatDuration(90, { exact: true }), "1 min 30 s");
    assert.equal(formatDuration(86_400, { exact: true }), "1 d");
    const now = Date.parse("2026-01-01T12:00:00Z");
    assert.equal(formatAgo("2026-01-01T11:59:50Z", now), "10 s ago");
    assert.equal(formatAgo("2026-01-01T11:00:00Z", now), "1 h ago");
    assert.equal(formatAgo(null, now), "never");
  });

  it("renders times in UTC and constants as words", () => {
    assert.equal(formatTime("2026-01-01T11:59:50.123Z"), "2026-01-01 11:59:50 UTC");
    assert.equal(humanize("SYN_FLOOD"), "Syn flood");
  });
});
