import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { NodeDetection } from "../transport/agent-api.ts";
import { CaptureTrigger, type Rates } from "./capture-trigger.ts";

const calm: Rates = { rxPps: 100, rxBps: 1e5, tcpPps: 50, udpPps: 40, icmpPps: 1 };
const flood: Rates = { ...calm, udpPps: 90_000, rxPps: 91_000 };
const normal: NodeDetection = {
  state: "NORMAL",
  incidentId: null,
  captureRequested: false,
  thresholds: [
    { metric: "PPS", threshold: 50_000, elevatedAt: 30_000, source: "LEARNED" },
    { metric: "UDP_PPS", threshold: 20_000, elevatedAt: 10_000, source: "FLOOR" },
  ],
};
const options = { quietSamples: 3, intervalMs: 1000, freshMs: 5000 };

describe("CaptureTrigger", () => {
  it("starts on its own samples against the last known thresholds, even with the API away", () => {
    const trigger = new CaptureTrigger(options, normal); // thresholds from disk, no fresh answer
    assert.equal(trigger.onSample(calm, 0), "none");
    assert.equal(trigger.onSample(flood, 1000), "start");
    assert.deepEqual(trigger.exceeded(flood), ["PPS", "UDP_PPS"]);
    assert.equal(trigger.incidentId, null);
    assert.equal(trigger.onSample(flood, 2000), "none");
    assert.equal(trigger.onSample(calm, 3000), "none");
    assert.equal(trigger.onSample(calm, 4000), "none");
    assert.equal(trigger.onSample(calm, 5000), "stop", "three quiet samples end it");
  });

  it("an answer about a replayed backlog brings thresholds but never starts a capture", () => {
    const trigger = new CaptureTrigger(options);
    const past = { ...normal, state: "ATTACK" as const, captureRequested: true, incidentId: "old-incident" };
    assert.equal(
      trigger.onDetection(past, 3_600_000, 3_600_000 - 600_000),
      "none",
      "samples ten minutes old",
    );
    assert.equal(trigger.capturing, false);
    assert.deepEqual(trigger.thresholds, normal.thresholds);
    assert.equal(trigger.onDetection(past, 3_600_000, 3_600_000 - 1000), "start", "a current answer does");
    assert.equal(trigger.incidentId, "old-incident");
  });

  it("starts at once when the API says ATTACK or asks for a capture, and adopts the incident id", () => {
    const trigger = new CaptureTrigger(options);
    assert.equal(trigger.onDetection({ ...normal, captureRequested: true }, 0), "start");
    assert.equal(trigger.onDetection({ ...normal, state: "ATTACK", incidentId: "inc-1" }, 500), "none");
    assert.equal(trigger.incidentId, "inc-1");
    // The API still says ATTACK, so calm samples do not end the capture…
    for (let t = 1000; t <= 4000; t += 1000) assert.equal(trigger.onSample(calm, t), "none");
    // …until its answer is no longer current or says NORMAL.
    trigger.onDetection(normal, 4500);
    assert.deepEqual(
      [5000, 6000, 7000].map((t) => trigger.onSample(calm, t)),
      ["none", "none", "stop"],
    );
  });

  it("ignores a stale ATTACK, and uses the local pps fallback only without thresholds", () => {
    const trigger = new CaptureTrigger({ ...options, localPpsThreshold: 1000 });
    trigger.onDetection({ ...normal, thresholds: [], state: "NORMAL" }, 0);
    assert.equal(trigger.onSample({ ...calm, rxPps: 1500 }, 1000), "start");
    const withThresholds = new CaptureTrigger({ ...options, localPpsThreshold: 1000 }, normal);
    assert.equal(withThresholds.onSample({ ...calm, rxPps: 1500 }, 0), "none");
    const stale = new CaptureTrigger(options);
    stale.onDetection({ ...normal, state: "ATTACK", incidentId: "x" }, 0);
    stale.onSample(calm, 100);
    assert.equal(new CaptureTrigger(options, { ...normal, state: "ATTACK" }).onSample(calm, 99_999), "none");
  });
  it("judges SYN_RECV from the sample's socket counts, never from a probe without them, and skips metrics it does not know", () => {
    const withSockets: NodeDetection = {
      ...normal,
      thresholds: [
        ...normal.thresholds,
        { metric: "SYN_RECV", threshold: 100, elevatedAt: 50, source: "FLOOR" },
        // A metric of a newer API: the API judges it, the agent does not guess.
        { metric: "QUIC_PPS" as never, threshold: 0, elevatedAt: 0, source: "FLOOR" },
      ],
    };
    const trigger = new CaptureTrigger(options, withSockets);
    assert.deepEqual(trigger.exceeded({ ...calm, synRecv: 512, tcpEstablished: 20, tcpTotal: 600 }), [
      "SYN_RECV",
    ]);
    assert.deepEqual(trigger.exceeded(calm), [], "a probe carries no socket counts");
  });

  it("judges SYN cookies sent/s from the sample that read them; not read (null) or a probe's absence is no crossing", () => {
    const withCookies: NodeDetection = {
      ...normal,
      thresholds: [
        ...normal.thresholds,
        { metric: "SYN_COOKIES", threshold: 100, elevatedAt: 50, source: "FLOOR" },
      ],
    };
    const trigger = new CaptureTrigger(options, withCookies);
    assert.deepEqual(trigger.exceeded({ ...calm, syncookiesSent: 1800 }), ["SYN_COOKIES"]);
    assert.deepEqual(trigger.exceeded({ ...calm, syncookiesSent: null }), []);
    assert.deepEqual(trigger.exceeded(calm), []);
    assert.equal(trigger.onSample({ ...calm, syncookiesSent: 1800 }, 1000), "start");
  });

  it("ends a capture after quietSamples intervals of sample time, however many early partial samples came", () => {
    const trigger = new CaptureTrigger(options, normal);
    assert.equal(trigger.onSample(flood, 1000), "start");
    // Early sub-second samples (a probe crossing and its parts) every 100 ms, all calm: ten of
    // them are one second of calm, not ten intervals.
    for (let t = 1100; t < 4000; t += 100) assert.equal(trigger.onSample(calm, t), "none", `at ${t} ms`);
    assert.equal(trigger.onSample(calm, 4000), "stop", "three seconds after the last hot sample");
  });

  it("the sample's own time, not the arrival, measures the calm", () => {
    const trigger = new CaptureTrigger(options, normal);
    assert.equal(trigger.onSample(flood, 10_000, 1000), "start");
    // A backlog read at once (arriving together) still spans what its timestamps say.
    assert.equal(trigger.onSample(calm, 10_001, 2000), "none");
    assert.equal(trigger.onSample(calm, 10_002, 3000), "none");
    assert.equal(trigger.onSample(calm, 10_003, 4000), "stop");
  });

  it("a capture belongs to the incident it was started for: another incident finishes it and starts one of its own", () => {
    const trigger = new CaptureTrigger(options, normal);
    assert.equal(trigger.onSample(flood, 1000), "start");
    assert.equal(trigger.incidentId, null, "started before the API answered");
    const inc1 = { ...normal, state: "ATTACK" as const, incidentId: "inc-1" };
    assert.equal(trigger.onDetection(inc1, 1100), "none");
    assert.equal(trigger.incidentId, "inc-1", "the first incident named is adopted");
    assert.equal(trigger.onDetection(inc1, 2100), "none");
    // inc-1 resolved and inc-2 opened while this capture was still going.
    assert.equal(trigger.onDetection({ ...normal, incidentId: null }, 3100), "none");
    assert.equal(trigger.incidentId, "inc-1", "a NORMAL answer does not unname it");
    assert.equal(trigger.onDetection({ ...inc1, incidentId: "inc-2" }, 3200), "restart");
    assert.equal(trigger.capturing, true);
    assert.equal(trigger.incidentId, "inc-2");
  });

  it("a new flood's capture is not filed under the incident whose quiet period is ending", () => {
    // A pulsed flood: inc-1's capture has ended, the API is still in inc-1's quiet period, and a
    // new flood crosses at 20 s. The batch in flight (calm samples up to 19.5 s) is answered
    // NORMAL naming inc-1, then the crossing's own answer opens inc-2.
    const trigger = new CaptureTrigger(options, normal);
    assert.equal(trigger.onSample(flood, 1000), "start");
    const inc1 = { ...normal, state: "ATTACK" as const, incidentId: "inc-1" };
    trigger.onDetection(inc1, 1100, 1000);
    for (const t of [7000, 8000, 9000, 10_000]) trigger.onSample(calm, t);
    assert.equal(trigger.capturing, false);
    assert.equal(trigger.onSample(flood, 20_000), "start");
    const quiet = { ...normal, state: "NORMAL" as const, incidentId: "inc-1" };
    assert.equal(trigger.onDetection(quiet, 20_050, 19_500), "none");
    assert.equal(trigger.incidentId, null, "the quiet period's answer names no capture");
    assert.equal(trigger.onDetection(inc1, 20_060, 19_500), "none", "nor an ATTACK about samples before it");
    assert.equal(trigger.incidentId, null);
    assert.equal(trigger.onDetection({ ...inc1, incidentId: "inc-2" }, 20_100, 20_000), "none");
    assert.equal(trigger.incidentId, "inc-2", "the answer about its own samples does");
    assert.equal(trigger.capturing, true);
  });

  it("after a capture ends, neither a late answer about what it covered nor its incident's quiet period at the API starts another", () => {
    // The case the namespace suite met: the API's answers stalled for 8 s (its first
    // classification loaded the threat intelligence), the capture ended on its own calm samples,
    // and the late ATTACK answers restarted it for the same incident: a file of ring packets
    // only became the incident's latest capture.
    const trigger = new CaptureTrigger(options, normal);
    assert.equal(trigger.onSample(flood, 8_700), "start");
    const inc1 = { ...normal, state: "ATTACK" as const, incidentId: "inc-1" };
    assert.equal(trigger.onDetection(inc1, 9_400, 8_800), "none");
    for (let t = 9_600; t <= 12_600; t += 1000) trigger.onSample(flood, t);
    assert.deepEqual(
      [13_600, 14_600, 15_600, 16_600].map((t) => trigger.onSample(calm, t)),
      ["none", "none", "none", "stop"],
      "the last answer current until 14.4 s, then its own calm samples end it",
    );
    assert.equal(trigger.onDetection(inc1, 17_400, 8_950), "none", "an answer about samples it covered");
    assert.equal(trigger.onDetection(inc1, 17_700, 15_600, 9_600), "none");
    assert.equal(trigger.onSample(calm, 17_600), "none", "the API still reports inc-1 (its quiet period)");
    assert.equal(trigger.onDetection(inc1, 17_800, 17_600), "none", "nor an answer about later calm samples");
    assert.equal(trigger.capturing, false);
    assert.equal(trigger.onSample(flood, 18_600), "start", "the traffic crossing again does");
    assert.equal(trigger.incidentId, "inc-1", "still that incident's");
  });

  it("an ended capture the API had not named counts as the incident an answer about its time names", () => {
    const trigger = new CaptureTrigger(options, normal);
    assert.equal(trigger.onSample(flood, 1000), "start");
    for (const t of [2000, 3000, 4000]) trigger.onSample(calm, t);
    assert.equal(trigger.capturing, false);
    const inc1 = { ...normal, state: "ATTACK" as const, incidentId: "inc-1" };
    assert.equal(trigger.onDetection(inc1, 6000, 5000, 1000), "none", "the backlog from its time");
    assert.equal(trigger.onDetection(inc1, 7000, 6000), "none", "then the same incident's quiet period");
    const inc2 = { ...inc1, incidentId: "inc-2" };
    assert.equal(trigger.onDetection(inc2, 20_000, 19_000), "start", "a new incident does start one");
    assert.equal(trigger.incidentId, "inc-2");
  });
});
