import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  heardIncidentEvent,
  heardNodeState,
  incidentsOpenedSince,
  liveOverviewCounts,
  NOTHING_HEARD,
  type OverviewBase,
} from "./overview-counts";

const AS_OF = "2026-12-06T12:00:00.000Z";
const later = (seconds: number) => new Date(Date.parse(AS_OF) + seconds * 1000).toISOString();

const quiet: OverviewBase = {
  onlineNodes: 2,
  nodesUnderAttack: 0,
  openIncidents: 0,
  asOf: AS_OF,
  nodes: {
    a: { status: "ONLINE", detectionState: "NORMAL" },
    b: { status: "ONLINE", detectionState: "NORMAL" },
  },
};

describe("liveOverviewCounts", () => {
  it("shows the rendered counts until an event is heard", () => {
    assert.deepEqual(liveOverviewCounts(quiet, NOTHING_HEARD), {
      onlineNodes: 2,
      nodesUnderAttack: 0,
      openIncidents: 0,
    });
  });

  it("moves with a flood at once: the node under attack and its incident open, before any new render", () => {
    let heard = heardIncidentEvent(NOTHING_HEARD, { kind: "OPENED", incidentId: "i1", at: later(1) }, AS_OF);
    heard = heardNodeState(heard, "a", { status: "ONLINE", detectionState: "ATTACK" });
    assert.deepEqual(liveOverviewCounts(quiet, heard), {
      onlineNodes: 2,
      nodesUnderAttack: 1,
      openIncidents: 1,
    });
    // The incident's updates while open, and the node's state heard again, count once.
    heard = heardIncidentEvent(heard, { kind: "UPDATED", incidentId: "i1", at: later(2) }, AS_OF);
    heard = heardNodeState(heard, "a", { status: "ONLINE", detectionState: "ATTACK" });
    assert.deepEqual(liveOverviewCounts(quiet, heard), {
      onlineNodes: 2,
      nodesUnderAttack: 1,
      openIncidents: 1,
    });
  });

  it("is reconciled by the next render, which counted what was heard before it", () => {
    let heard = heardIncidentEvent(NOTHING_HEARD, { kind: "OPENED", incidentId: "i1", at: later(1) }, AS_OF);
    heard = heardNodeState(heard, "a", { status: "ONLINE", detectionState: "ATTACK" });
    const rendered: OverviewBase = {
      ...quiet,
      nodesUnderAttack: 1,
      openIncidents: 1,
      asOf: later(2),
      nodes: { ...quiet.nodes, a: { status: "ONLINE", detectionState: "ATTACK" } },
    };
    assert.deepEqual(liveOverviewCounts(rendered, heard), {
      onlineNodes: 2,
      nodesUnderAttack: 1,
      openIncidents: 1,
    });
    // Events the new render holds are dropped as the next is heard.
    heard = heardIncidentEvent(heard, { kind: "UPDATED", incidentId: "i1", at: later(3) }, rendered.asOf);
    assert.deepEqual(
      heard.incidents.map((e) => e.kind),
      ["UPDATED"],
    );
    assert.equal(liveOverviewCounts(rendered, heard).openIncidents, 1);
  });

  it("takes an incident the render counted open off when it resolves, and a node's attack when it ends", () => {
    const attacked: OverviewBase = {
      ...quiet,
      nodesUnderAttack: 1,
      openIncidents: 1,
      nodes: { ...quiet.nodes, a: { status: "ONLINE", detectionState: "ATTACK" } },
    };
    let heard = heardIncidentEvent(
      NOTHING_HEARD,
      { kind: "RESOLVED", incidentId: "i1", at: later(1) },
      AS_OF,
    );
    heard = heardNodeState(heard, "a", { status: "ONLINE", detectionState: "NORMAL" });
    assert.deepEqual(liveOverviewCounts(attacked, heard), {
      onlineNodes: 2,
      nodesUnderAttack: 0,
      openIncidents: 0,
    });
  });

  it("counts an incident opened and resolved since the render as neither", () => {
    let heard = heardIncidentEvent(NOTHING_HEARD, { kind: "OPENED", incidentId: "i2", at: later(1) }, AS_OF);
    heard = heardIncidentEvent(heard, { kind: "RESOLVED", incidentId: "i2", at: later(5) }, AS_OF);
    assert.equal(liveOverviewCounts(quiet, heard).openIncidents, 0);
  });

  it("follows a node going offline, and leaves a node the page does not list to the server's count", () => {
    let heard = heardNodeState(NOTHING_HEARD, "b", { status: "OFFLINE", detectionState: "NORMAL" });
    heard = heardNodeState(heard, "unlisted", { status: "ONLINE", detectionState: "ATTACK" });
    assert.deepEqual(liveOverviewCounts(quiet, heard), {
      onlineNodes: 1,
      nodesUnderAttack: 0,
      openIncidents: 0,
    });
  });

  it("ignores incident events the rendered counts already hold, and never goes below zero", () => {
    const heard = heardIncidentEvent(
      NOTHING_HEARD,
      { kind: "RESOLVED", incidentId: "i3", at: later(1) },
      AS_OF,
    );
    assert.equal(liveOverviewCounts({ ...quiet, asOf: later(2) }, heard).openIncidents, 0);
    assert.equal(liveOverviewCounts(quiet, heard).openIncidents, 0);
  });
});

describe("incidentsOpenedSince", () => {
  it("counts each incident opened after the render once, and none the render already held", () => {
    let heard = heardIncidentEvent(NOTHING_HEARD, { kind: "OPENED", incidentId: "i1", at: later(1) }, AS_OF);
    heard = heardIncidentEvent(heard, { kind: "UPDATED", incidentId: "i1", at: later(2) }, AS_OF);
    heard = heardIncidentEvent(heard, { kind: "RESOLVED", incidentId: "i1", at: later(3) }, AS_OF);
    heard = heardIncidentEvent(heard, { kind: "UPDATED", incidentId: "i0", at: later(4) }, AS_OF);
    heard = heardIncidentEvent(heard, { kind: "OPENED", incidentId: "i2", at: later(5) }, AS_OF);
    assert.equal(incidentsOpenedSince(heard, AS_OF), 2, "i1 (resolved since, still one of the 24 h) and i2");
    assert.equal(incidentsOpenedSince(heard, later(3)), 1, "a later render counted i1 already");
  });
});
