import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { decodeGlobalID } from "@pothos/plugin-relay";
import { type IncidentContext, messageOf } from "./alert.store.ts";
import { incidentLink, incidentsLink } from "./incident-link.ts";

const incidentId = "01a243b3-9066-7f9e-aa7b-a2347ff507f6";

describe("alert links", () => {
  it("name the web app's incident page: /w/<slug>/incidents/<relay id>", () => {
    const link = incidentLink("https://levee.example", "acme", incidentId);
    const match = /^https:\/\/levee\.example\/w\/acme\/incidents\/([^/]+)$/.exec(link);
    assert.ok(match, link);
    // The page decodes the segment and asks the API for node(id:): a relay ID of an Incident.
    assert.deepEqual(decodeGlobalID(decodeURIComponent(match[1] ?? "")), {
      typename: "Incident",
      id: incidentId,
    });
    // Until December 5 every alert linked `${PUBLIC_WEB_URL}/incidents/<uuid>`, a 404 in the web app.
    assert.notEqual(link, `https://levee.example/incidents/${incidentId}`);
  });

  it("a test message links the workspace's incident list", () => {
    assert.equal(
      incidentsLink("https://status.acme.test", "acme"),
      "https://status.acme.test/w/acme/incidents",
    );
  });

  it("messageOf carries the incident's own link", () => {
    const incident: IncidentContext = {
      id: incidentId,
      workspaceId: "w",
      nodeId: "n",
      status: "OPEN",
      severity: "HIGH",
      family: "UDP_FLOOD",
      classified: true,
      confidence: 90,
      peakPps: 1,
      peakBps: 8,
      triggerPeaks: [],
      startedAt: new Date(0),
      endedAt: null,
      acknowledgedAt: null,
      updatedAt: new Date(0),
      nodeName: "edge-1",
      nodeLabels: [],
      workspaceName: "Globex",
      workspaceSlug: "globex",
      ancestorIds: [],
    };
    const message = messageOf(incident, "OPENED", 0, {
      productName: "Levee",
      webUrl: "http://localhost:3000",
    });
    assert.equal(message.link, incidentLink("http://localhost:3000", "globex", incidentId));
  });
});
