import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { Incident, MitigationRule } from "../../generated/prisma/client.ts";
import { ruleMatches } from "./incident-triggers.ts";

describe("ruleMatches", () => {
  const incident = { nodeId: "n1", severity: "HIGH" } as Incident;
  const rule = (extra: Partial<MitigationRule>) =>
    ({
      enabled: true,
      nodeId: null,
      trigger: "THRESHOLD",
      minSeverity: null,
      family: null,
      ...extra,
    }) as MitigationRule;

  it("THRESHOLD fires on any incident of the rule's nodes; disabled and MANUAL rules never fire", () => {
    assert.equal(ruleMatches(rule({}), incident, null), true);
    assert.equal(ruleMatches(rule({ nodeId: "n2" }), incident, null), false);
    assert.equal(ruleMatches(rule({ enabled: false }), incident, null), false);
    assert.equal(ruleMatches(rule({ trigger: "MANUAL" }), incident, null), false);
  });
  it("SEVERITY fires at or above the level; FAMILY on the classified family", () => {
    assert.equal(ruleMatches(rule({ trigger: "SEVERITY", minSeverity: "HIGH" }), incident, null), true);
    assert.equal(ruleMatches(rule({ trigger: "SEVERITY", minSeverity: "CRITICAL" }), incident, null), false);
    assert.equal(
      ruleMatches(rule({ trigger: "FAMILY", family: "DNS_AMPLIFICATION" }), incident, "DNS_AMPLIFICATION"),
      true,
    );
    assert.equal(
      ruleMatches(rule({ trigger: "FAMILY", family: "DNS_AMPLIFICATION" }), incident, null),
      false,
    );
  });
});
