import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { type AlertMessage, eventDataOf, factsOf, titleOf } from "./alert-message.ts";

// The hand-found case: a host-wide TCP flood (/proc/net/snmp) while the sampled interface saw 50 pps.
const tcpFlood: AlertMessage = {
  event: "OPENED",
  incidentId: "i-1",
  workspaceName: "Globex",
  productName: "Levee",
  nodeName: "web-1",
  severity: "CRITICAL",
  family: null,
  confidence: null,
  peakPps: 50,
  peakBps: 24_000,
  triggerPeaks: [
    { metric: "TCP_PPS", peak: 145_000, thresholdAtPeak: 8_000 },
    { metric: "SYN_RECV", peak: 900, thresholdAtPeak: 100 },
  ],
  startedAt: "2026-12-05T10:00:00.000Z",
  endedAt: null,
  step: 0,
  link: "https://levee.example/w/globex/incidents/i-1",
};

describe("alert messages", () => {
  it("size an incident by what triggered it, not by the interface's packets/s", () => {
    assert.equal(titleOf(tcpFlood), "[CRITICAL] DDoS attack on web-1: not classified yet, 145.0k pps TCP");
    const facts = Object.fromEntries(factsOf(tcpFlood));
    assert.equal(facts["Peak TCP packets/s"], "145.0k pps (threshold 8.0k pps)");
    assert.equal(facts["Peak half-open TCP (SYN_RECV)"], "900 (threshold 100)");
    assert.equal(facts["Peak pps"], undefined, "the interface's 50 pps is not offered as the attack's size");
    assert.deepEqual(eventDataOf(tcpFlood).triggerPeaks, tcpFlood.triggerPeaks);
  });

  it("keep the interface's peaks for an incident stored before trigger peaks were kept", () => {
    const old = { ...tcpFlood, peakPps: 48_000, peakBps: 2.3e8, triggerPeaks: [] };
    assert.equal(titleOf(old), "[CRITICAL] DDoS attack on web-1: not classified yet, 48.0k pps");
    const facts = Object.fromEntries(factsOf(old));
    assert.equal(facts["Peak pps"], "48.0k pps");
    assert.equal(facts["Peak bps"], "230.0 Mbit/s");
  });

  it("tell a capture with no known attack pattern from one not classified yet", () => {
    const over = { ...tcpFlood, event: "RESOLVED" as const, endedAt: "2026-12-05T10:01:00.000Z" };
    assert.equal(titleOf(over), "[RESOLVED] Attack over on web-1: not classified yet, 145.0k pps TCP");
    const classified = { ...over, classified: true };
    assert.equal(
      titleOf(classified),
      "[RESOLVED] Attack over on web-1: no known attack pattern, 145.0k pps TCP",
    );
    assert.equal(Object.fromEntries(factsOf(classified))["Attack family"], "no known attack pattern");
    // While it lasts, more packets may still show a pattern.
    assert.equal(
      titleOf({ ...tcpFlood, classified: true }),
      "[CRITICAL] DDoS attack on web-1: no known attack pattern yet, 145.0k pps TCP",
    );
  });
});
