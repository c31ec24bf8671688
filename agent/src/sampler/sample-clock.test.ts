import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { createLogger } from "../log.ts";
import { SampleClock } from "./sample-clock.ts";

const HOUR = 3_600_000;

/** A wall clock that can be stepped and a monotonic clock that cannot, both driven by the test. */
function clocks() {
  const lines: string[] = [];
  const state = { mono: 1000, offset: 0, real: Date.parse("2026-11-30T06:00:00Z") };
  const clock = new SampleClock(
    createLogger({ level: "info", write: (line) => lines.push(line) }),
    () => state.real + state.mono + state.offset,
    () => state.mono,
  );
  const tick = (ms = 1000) => {
    state.mono += ms;
    return clock.now() - state.real - state.mono; // error of sample time against real time
  };
  return { clock, state, tick, lines };
}

describe("SampleClock", () => {
  it("is the wall clock while it only drifts", () => {
    const { state, tick } = clocks();
    assert.equal(tick(), 0);
    state.offset += 300; // NTP slewing / small corrections are followed
    assert.equal(tick(), 300);
  });

  it("keeps one-second spacing through a step forward and back by an hour", () => {
    const { state, tick, lines } = clocks();
    tick();
    state.offset = HOUR;
    assert.equal(tick(), 0, "not an hour ahead");
    assert.match(lines.join(""), /"stepSeconds":3600/);
    state.offset = -HOUR;
    assert.equal(tick(), 0, "not an hour back");
    state.offset = 0;
    assert.equal(tick(), 0);
    assert.match(lines.at(-1) ?? "", /agrees with sample time again/);
  });

  it("follows a stepped wall clock once the API's clock confirms it", () => {
    const { clock, state, tick } = clocks();
    state.offset = HOUR; // the machine's clock was an hour slow, and NTP fixed it
    assert.equal(tick(), 0, "held until confirmed");
    clock.observeServerTime(state.real + state.mono + 5 * HOUR); // a server far off: ignored
    assert.equal(tick(), 0);
    clock.observeServerTime(state.real + state.mono + HOUR - 400);
    assert.equal(tick(), HOUR, "now on the confirmed wall clock");
  });
});
