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
const options = { quietSamples: 3, freshMs: 5000 };

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
});
