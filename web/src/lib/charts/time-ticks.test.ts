import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { chooseTimeTicks, formatTimeTick, NICE_TIME_STEPS, timeTicksAt } from "./time-ticks";

// Charts say UTC whatever the viewer's zone: this file runs in a zone off UTC (the one TZ names, New York
// when TZ is unset or UTC), so a label read on the local clock fails it. Node re-reads TZ when it is set.
if (new Date(Date.UTC(2026, 11, 3, 12)).getTimezoneOffset() === 0) process.env.TZ = "America/New_York";
/** 7 px a character: about what 12 px sans-serif draws for digits and colons. */
const measure = (label: string) => label.length * 7;
// 2026-12-03 12:00:00 UTC
const noon = Date.UTC(2026, 11, 3, 12) / 1000;

/** No two neighbouring labels, centred on their ticks, come closer than the gap. */
function assertNoOverlap(min: number, max: number, widthPx: number, gapPx = 16) {
  const { ticks, labels } = chooseTimeTicks({ min, max, widthPx, measure, gapPx });
  const x = (t: number) => ((t - min) / (max - min)) * widthPx;
  for (let i = 1; i < ticks.length; i++) {
    const right = x(ticks[i - 1] as number) + measure(labels[i - 1] as string) / 2;
    const left = x(ticks[i] as number) - measure(labels[i] as string) / 2;
    assert.ok(left - right >= gapPx - 1e-9, `${labels[i - 1]} and ${labels[i]} at ${widthPx}px`);
  }
  return ticks.length;
}

describe("chooseTimeTicks", () => {
  it("picks the smallest nice step whose measured labels fit", () => {
    // Five minutes over 1,200 px: 8-character labels (56 px + 16 px gap) fit every 30 s (120 px), not every 15 s (60 px).
    const chosen = chooseTimeTicks({ min: noon, max: noon + 300, widthPx: 1200, measure });
    assert.equal(chosen.step, 30);
    assert.equal(chosen.labels[0], "12:00:00");
    assert.equal(chosen.labels[1], "12:00:30");
  });

  it("takes a coarser step on a phone than on a desktop for the same range", () => {
    const wide = chooseTimeTicks({ min: noon, max: noon + 3600, widthPx: 1200, measure });
    const narrow = chooseTimeTicks({ min: noon, max: noon + 3600, widthPx: 300, measure });
    assert.ok(narrow.step > wide.step, `${narrow.step} > ${wide.step}`);
    assert.deepEqual(narrow.labels, ["12:00", "12:15", "12:30", "12:45", "13:00"]);
  });

  it("never lets labels overlap, at any width and range", () => {
    for (const span of [60, 300, 3600, 86_400, 604_800, 2_592_000])
      for (const width of [40, 120, 300, 342, 390, 768, 1280, 2560])
        assertNoOverlap(noon + 17, noon + 17 + span, width);
  });

  it("shows one label when even the largest step does not fit", () => {
    assert.equal(assertNoOverlap(noon, noon + 300, 20), 1);
  });

  it("refuses an empty or reversed range, and shows nothing without width", () => {
    assert.throws(() => chooseTimeTicks({ min: noon, max: noon, widthPx: 100, measure }), /min < max/);
    assert.deepEqual(chooseTimeTicks({ min: noon, max: noon + 60, widthPx: 0, measure }).ticks, []);
  });
});

describe("in UTC, whatever the viewer's zone", () => {
  it("runs in a zone off UTC, so local time would fail it", () => {
    assert.notEqual(new Date(noon * 1000).getTimezoneOffset(), 0);
  });

  it("puts ticks on UTC's round hours, half hours and midnights", () => {
    assert.deepEqual(timeTicksAt(noon + 60, noon + 2 * 3600, 3600), [noon + 3600, noon + 7200]);
    assert.deepEqual(timeTicksAt(noon + 60, noon + 3600, 1800), [noon + 1800, noon + 3600]);
    assert.deepEqual(timeTicksAt(noon, noon + 86_400, 86_400), [noon + 12 * 3600]);
  });

  it("labels a range with the UTC times and dates the rest of the dashboard prints", () => {
    // 22:00 to 02:00 UTC across midnight: hours as UTC reads them, and the UTC date at 00:00 UTC.
    const evening = noon + 10 * 3600;
    const chosen = chooseTimeTicks({ min: evening, max: evening + 4 * 3600, widthPx: 300, measure });
    assert.equal(chosen.step, 3600);
    assert.deepEqual(chosen.labels, ["22:00", "23:00", "Dec 4", "01:00", "02:00"]);
    assert.deepEqual(
      chosen.ticks.map((t) => new Date(t * 1000).toISOString().slice(11, 16)),
      ["22:00", "23:00", "00:00", "01:00", "02:00"],
    );
  });

  it("gives a day step's label the UTC date, not the viewer's", () => {
    // 02:00 UTC on Dec 4 is still Dec 3 west of UTC (New York: 21:00).
    const chosen = chooseTimeTicks({ min: noon, max: noon + 3 * 86_400, widthPx: 160, measure });
    assert.equal(chosen.step, 86_400);
    assert.deepEqual(chosen.labels, ["Dec 4", "Dec 5", "Dec 6"]);
    assert.equal(formatTimeTick(noon + 14 * 3600, 60), "02:00");
  });
});

describe("formatTimeTick", () => {
  it("says seconds under a minute, hours and minutes under a day, the date from a day up", () => {
    assert.equal(formatTimeTick(noon + 5, 5), "12:00:05");
    assert.equal(formatTimeTick(noon, 300), "12:00");
    assert.equal(formatTimeTick(noon, 86_400), "Dec 3");
    assert.equal(formatTimeTick(noon + 12 * 3600, 3600), "Dec 4");
  });

  it("has steps in increasing order", () => {
    assert.deepEqual(
      [...NICE_TIME_STEPS].sort((a, b) => a - b),
      [...NICE_TIME_STEPS],
    );
  });
});
