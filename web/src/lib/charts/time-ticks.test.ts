import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { chooseTimeTicks, formatTimeTick, NICE_TIME_STEPS, timeTicksAt } from "./time-ticks";

const utc = () => 0;
/** 7 px a character: about what 12 px sans-serif draws for digits and colons. */
const measure = (label: string) => label.length * 7;
// 2026-12-03 12:00:00 UTC
const noon = Date.UTC(2026, 11, 3, 12) / 1000;

/** No two neighbouring labels, centred on their ticks, come closer than the gap. */
function assertNoOverlap(min: number, max: number, widthPx: number, gapPx = 16) {
  const { ticks, labels } = chooseTimeTicks({ min, max, widthPx, measure, offsetAt: utc, gapPx });
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
    const chosen = chooseTimeTicks({ min: noon, max: noon + 300, widthPx: 1200, measure, offsetAt: utc });
    assert.equal(chosen.step, 30);
    assert.equal(chosen.labels[0], "12:00:00");
    assert.equal(chosen.labels[1], "12:00:30");
  });

  it("takes a coarser step on a phone than on a desktop for the same range", () => {
    const wide = chooseTimeTicks({ min: noon, max: noon + 3600, widthPx: 1200, measure, offsetAt: utc });
    const narrow = chooseTimeTicks({ min: noon, max: noon + 3600, widthPx: 300, measure, offsetAt: utc });
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
    assert.throws(
      () => chooseTimeTicks({ min: noon, max: noon, widthPx: 100, measure, offsetAt: utc }),
      /min < max/,
    );
    assert.deepEqual(
      chooseTimeTicks({ min: noon, max: noon + 60, widthPx: 0, measure, offsetAt: utc }).ticks,
      [],
    );
  });
});

describe("timeTicksAt", () => {
  it("puts ticks on the viewer's round hours and midnights", () => {
    const plusTwo = () => 7200;
    // 12:00 UTC is 14:00 at UTC+2: hourly ticks fall on 15:00, 16:00 there, i.e. 13:00, 14:00 UTC.
    assert.deepEqual(timeTicksAt(noon + 60, noon + 2 * 3600, 3600, plusTwo), [noon + 3600, noon + 7200]);
    assert.deepEqual(timeTicksAt(noon, noon + 86_400, 86_400, plusTwo), [noon + 10 * 3600]);
  });
});

describe("formatTimeTick", () => {
  it("says seconds under a minute, hours and minutes under a day, the date from a day up", () => {
    assert.equal(formatTimeTick(noon + 5, 5, utc), "12:00:05");
    assert.equal(formatTimeTick(noon, 300, utc), "12:00");
    assert.equal(formatTimeTick(noon, 86_400, utc), "Dec 3");
    assert.equal(formatTimeTick(noon + 12 * 3600, 3600, utc), "Dec 4");
    assert.equal(
      formatTimeTick(noon, 300, () => -3600),
      "11:00",
    );
  });

  it("has steps in increasing order", () => {
    assert.deepEqual(
      [...NICE_TIME_STEPS].sort((a, b) => a - b),
      [...NICE_TIME_STEPS],
    );
  });
});
