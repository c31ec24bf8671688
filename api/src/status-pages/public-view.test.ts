import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  bannerOf,
  INCIDENT_REF_PATTERN,
  incidentRef,
  pillOf,
  publicIncident,
  publicIncidentUpdates,
  uptimeDays,
} from "./public-view.ts";

describe("status page view", () => {
  it("derives pills from live state: attack outranks offline, offline outranks elevated", () => {
    assert.equal(pillOf({ status: "ONLINE", detectionState: "NORMAL" }), "OPERATIONAL");
    assert.equal(pillOf({ status: "ONLINE", detectionState: "ELEVATED" }), "ELEVATED");
    assert.equal(pillOf({ status: "OFFLINE", detectionState: "ATTACK" }), "UNDER_ATTACK");
    assert.equal(pillOf({ status: "OFFLINE", detectionState: "ELEVATED" }), "OFFLINE");
    assert.equal(pillOf({ status: "PENDING", detectionState: "NORMAL" }), "OFFLINE");
  });

  it("sums pills into one banner", () => {
    assert.equal(bannerOf([]), "OPERATIONAL");
    assert.equal(bannerOf(["OPERATIONAL", "OPERATIONAL"]), "OPERATIONAL");
    assert.equal(bannerOf(["OPERATIONAL", "ELEVATED"]), "DEGRADED");
    assert.equal(bannerOf(["OPERATIONAL", "OFFLINE"]), "DEGRADED");
    assert.equal(bannerOf(["OFFLINE", "OFFLINE"]), "OFFLINE");
    assert.equal(bannerOf(["OFFLINE", "UNDER_ATTACK"]), "UNDER_ATTACK");
  });

  it("gives 30 UTC days with % up and the incidents started each day", () => {
    const now = new Date("2026-11-30T12:00:00Z");
    const days = uptimeDays(
      [{ bucket: new Date("2026-11-30T00:00:00Z"), online_minutes: 360, attack_minutes: 5 }],
      [new Date("2026-11-30T03:00:00Z"), new Date("2026-11-30T04:00:00Z"), new Date("2026-11-29T23:59:00Z")],
      new Date("2026-11-30T06:00:00Z"),
      now,
    );
    assert.equal(days.length, 30);
    assert.deepEqual(days.at(-1), { day: "2026-11-30", uptimePercent: 100, incidents: 2 });
    assert.deepEqual(days.at(-2), { day: "2026-11-29", uptimePercent: null, incidents: 1 });
    assert.equal(days[0]?.day, "2026-11-01");
  });

  it("keeps only the family of a classification and an opaque reference", () => {
    const now = new Date("2026-11-30T12:00:00Z");
    const incident = publicIncident(
      {
        id: "0199c0de-0000-7000-8000-000000000001",
        startedAt: new Date("2026-11-30T11:58:00Z"),
        endedAt: null,
        peakPps: 120_000,
        peakBps: 9e8,
        triggerMetrics: ["PPS", "UDP_PPS"],
        classification: { family: "UDP_FLOOD", topSources: [{ ip: "203.0.113.9" }] },
      },
      "Edge Paris",
      now,
    );
    assert.equal(incident.family, "UDP_FLOOD");
    assert.equal(incident.durationSeconds, 120);
    assert.match(incident.ref, /^[0-9a-f]{16}$/);
    assert.doesNotMatch(JSON.stringify(incident), /203\.0\.113|0199c0de/);
  });

  it("shows no peak for an incident the interface's packets/s and bits/s did not trigger, and nothing in its place", () => {
    const now = new Date("2026-12-05T10:00:00Z");
    const tcpFlood = {
      id: "0199c0de-0000-7000-8000-000000000002",
      startedAt: new Date("2026-12-05T09:58:00Z"),
      endedAt: null,
      // What the sampled interface saw of a host-wide TCP flood of 145,000 packets/s.
      peakPps: 50,
      peakBps: 24_000,
      classification: null,
    };
    const shown = publicIncident({ ...tcpFlood, triggerMetrics: ["TCP_PPS", "SYN_RECV"] }, "Edge Paris", now);
    assert.equal(shown.peakPps, null);
    assert.equal(shown.peakBps, null);
    assert.doesNotMatch(JSON.stringify(shown), /TCP|SYN|145/);
    const byPackets = publicIncident({ ...tcpFlood, triggerMetrics: ["TCP_PPS", "PPS"] }, "Edge Paris", now);
    assert.equal(byPackets.peakPps, 50);
  });

  it("names an incident by a stable digest, and lists its detection and resolution as its timeline", () => {
    const id = "0199c0de-0000-7000-8000-000000000003";
    assert.equal(incidentRef(id), incidentRef(id));
    assert.notEqual(incidentRef(id), incidentRef("0199c0de-0000-7000-8000-000000000004"));
    assert.match(incidentRef(id), INCIDENT_REF_PATTERN);
    const startedAt = new Date("2026-12-05T09:58:00Z");
    assert.deepEqual(publicIncidentUpdates({ startedAt, endedAt: null }), [
      { kind: "DETECTED", at: startedAt },
    ]);
    const endedAt = new Date("2026-12-05T10:03:00Z");
    assert.deepEqual(publicIncidentUpdates({ startedAt, endedAt }), [
      { kind: "DETECTED", at: startedAt },
      { kind: "RESOLVED", at: endedAt },
    ]);
  });

  it("puts the operator's updates between detection and resolution by their time, oldest first", () => {
    const startedAt = new Date("2026-12-05T09:58:00Z");
    const endedAt = new Date("2026-12-05T10:30:00Z");
    const first = {
      status: "INVESTIGATING" as const,
      message: "Looking into it.",
      at: new Date("2026-12-05T10:00:00Z"),
      editedAt: null,
    };
    const second = {
      status: "MITIGATING" as const,
      message: "Filtering upstream.",
      at: new Date("2026-12-05T10:10:00Z"),
      // Edited after the resolution: still in the timeline where it was posted.
      editedAt: new Date("2026-12-05T12:00:00Z"),
    };
    const after = {
      status: "MONITORING" as const,
      message: "All quiet.",
      at: new Date("2026-12-05T11:00:00Z"),
      editedAt: null,
    };
    const timeline = publicIncidentUpdates({ startedAt, endedAt }, [first, second, after]);
    assert.deepEqual(
      timeline.map((u) => [u.kind, u.status ?? null, u.at.toISOString()]),
      [
        ["DETECTED", null, startedAt.toISOString()],
        ["UPDATE", "INVESTIGATING", first.at.toISOString()],
        ["UPDATE", "MITIGATING", second.at.toISOString()],
        ["RESOLVED", null, endedAt.toISOString()],
        ["UPDATE", "MONITORING", after.at.toISOString()],
      ],
    );
    assert.deepEqual(
      timeline.map((u) => u.editedAt?.toISOString() ?? null),
      [null, null, "2026-12-05T12:00:00.000Z", null, null],
    );
    // At the same instant: detected first, resolved last, updates in their own order between.
    const same = [first, second].map((u) => ({ ...u, at: startedAt }));
    const tied = publicIncidentUpdates({ startedAt, endedAt: startedAt }, same);
    assert.deepEqual(
      tied.map((u) => u.status ?? u.kind),
      ["DETECTED", "INVESTIGATING", "MITIGATING", "RESOLVED"],
    );
  });
});
