import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { choosePolicy, type PolicyRule, planSteps, policyMatches } from "./escalation.ts";

const policy = (over: Partial<PolicyRule>): PolicyRule => ({
  id: "p",
  position: 0,
  inherited: false,
  severities: [],
  families: [],
  nodeLabels: [],
  steps: [{ channelIds: ["a"], delaySeconds: 0 }],
  repeat: 0,
  repeatAfterSeconds: 300,
  ...over,
});
const facts = { severity: "HIGH", family: "UDP_FLOOD", nodeLabels: [{ key: "env", value: "prod" }] };

describe("escalation", () => {
  it("matches by severity, family and node labels", () => {
    assert.equal(policyMatches(policy({}), facts), true);
    assert.equal(policyMatches(policy({ severities: ["LOW"] }), facts), false);
    assert.equal(policyMatches(policy({ severities: ["HIGH", "CRITICAL"] }), facts), true);
    assert.equal(policyMatches(policy({ families: ["SYN_FLOOD"] }), facts), false);
    assert.equal(policyMatches(policy({ families: ["UDP_FLOOD"] }), { ...facts, family: null }), false);
    assert.equal(policyMatches(policy({ nodeLabels: [{ key: "env", value: "prod" }] }), facts), true);
    assert.equal(policyMatches(policy({ nodeLabels: [{ key: "env", value: "dev" }] }), facts), false);
  });

  it("prefers the workspace's own policies, then position", () => {
    const own = policy({ id: "own", position: 5 });
    const shared = policy({ id: "shared", position: 0, inherited: true });
    const first = policy({ id: "first", position: 1, severities: ["HIGH"] });
    assert.equal(choosePolicy([shared, own, first], facts)?.id, "first");
    assert.equal(choosePolicy([shared], facts)?.id, "shared");
    assert.equal(choosePolicy([policy({ severities: ["LOW"] })], facts), undefined);
  });

  it("plans steps with cumulative delays and repeat rounds", () => {
    const plan = planSteps({
      steps: [
        { channelIds: ["a"], delaySeconds: 0 },
        { channelIds: ["b", "c"], delaySeconds: 60 },
      ],
      repeat: 1,
      repeatAfterSeconds: 120,
    });
    assert.deepEqual(plan, [
      { step: 0, channelIds: ["a"], delayMs: 0 },
      { step: 1, channelIds: ["b", "c"], delayMs: 60_000 },
      { step: 2, channelIds: ["a"], delayMs: 180_000 },
      { step: 3, channelIds: ["b", "c"], delayMs: 240_000 },
    ]);
  });
});
