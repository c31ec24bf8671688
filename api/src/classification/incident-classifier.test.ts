import assert from "node:assert/strict";
import { afterEach, beforeEach, describe, mock, test } from "node:test";
import type { CoreServices } from "../core-services.ts";
import { IncidentClassifier } from "./incident-classifier.ts";

const traffic = { seconds: 1, packets: 60_000, bytes: 4_500_000, tcp: 0, udp: 60_000, icmp: 0 };
const incident = (id: string) => ({ id, nodeId: "node-1", workspaceId: "workspace-1" });
/** The incidents the classifier holds (private: what an API process keeps in memory). */
const held = (classifier: IncidentClassifier) => [
  ...(classifier as unknown as { incidents: Map<string, unknown> }).incidents.keys(),
];

describe("incident classifier memory", () => {
  beforeEach(() => mock.timers.enable({ apis: ["Date"], now: 1_000_000 }));
  afterEach(() => mock.timers.reset());

  test("an incident of an agent that never captures, resolved elsewhere, is forgotten after an idle hour", () => {
    // Only hot samples without a summary ever reach it: observe() (which used to be the only
    // caller of the idle sweep) never runs for such an agent.
    const classifier = new IncidentClassifier({} as CoreServices);
    classifier.noteUncapturedHot(incident("stale-swept"), Date.now(), traffic);
    mock.timers.tick(30 * 60_000);
    classifier.noteUncapturedHot(incident("other"), Date.now(), traffic);
    assert.deepEqual(held(classifier), ["stale-swept", "other"], "half an hour idle: still held");
    mock.timers.tick(31 * 60_000);
    classifier.noteUncapturedHot(incident("later"), Date.now(), traffic);
    assert.deepEqual(held(classifier), ["other", "later"]);
  });
});
