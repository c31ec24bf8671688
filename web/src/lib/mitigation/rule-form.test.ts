import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { incidentVariablesIn, parseParams, readRuleForm } from "./rule-form";

const form = (fields: Record<string, string>) => {
  const data = new FormData();
  for (const [key, value] of Object.entries(fields)) data.set(key, value);
  return data;
};
const valid = {
  name: "Drop top sources",
  actionType: "NFT_DROP_SOURCES",
  params: '{"sources":["$TOP_SOURCES"]}',
  trigger: "THRESHOLD",
  ttlSeconds: "600",
  enabled: "on",
};

describe("firewall rule form", () => {
  it("reads a valid rule", () => {
    const { draft, problems } = readRuleForm(form(valid));
    assert.deepEqual(problems, []);
    assert.deepEqual(draft, {
      name: "Drop top sources",
      nodeId: null,
      actionType: "NFT_DROP_SOURCES",
      params: { sources: ["$TOP_SOURCES"] },
      trigger: "THRESHOLD",
      minSeverity: null,
      family: null,
      ttlSeconds: 600,
      permanent: false,
      enabled: true,
    });
  });

  it("names every problem at once, by field", () => {
    const { draft, problems } = readRuleForm(
      form({ name: "", actionType: "", params: "[1]", trigger: "SEVERITY", ttlSeconds: "5" }),
    );
    assert.equal(draft, null);
    assert.deepEqual(
      problems.map((p) => p.path),
      ["name", "actionType", "params", "minSeverity", "ttlSeconds"],
    );
  });

  it("needs a family for a FAMILY trigger and keeps only the field that trigger uses", () => {
    assert.deepEqual(readRuleForm(form({ ...valid, trigger: "FAMILY" })).problems[0]?.path, "family");
    const { draft } = readRuleForm(
      form({ ...valid, trigger: "FAMILY", family: "SYN_FLOOD", minSeverity: "HIGH" }),
    );
    assert.equal(draft?.family, "SYN_FLOOD");
    assert.equal(draft?.minSeverity, null);
  });

  it("allows any TTL field for a permanent rule, and no TTL beyond 30 days otherwise", () => {
    assert.equal(readRuleForm(form({ ...valid, ttlSeconds: "", permanent: "on" })).draft?.permanent, true);
    assert.equal(
      readRuleForm(form({ ...valid, ttlSeconds: String(31 * 86_400) })).problems[0]?.path,
      "ttlSeconds",
    );
  });

  it("explains parameters that are not a JSON object", () => {
    assert.equal(parseParams("").ok, true);
    const bad = parseParams("{sources:");
    assert.ok(!bad.ok && /^Not JSON/.test(bad.message));
    assert.ok(!parseParams('"x"').ok);
  });
});

describe("incident variables in a rule's parameters", () => {
  it("names each variable once, wherever it sits, and nothing for fixed values", () => {
    assert.deepEqual(
      incidentVariablesIn({ sources: ["$TOP_SOURCES", "198.51.100.7"], to: { address: "$TARGET_ADDRESS" } }),
      ["$TOP_SOURCES", "$TARGET_ADDRESS"],
    );
    assert.deepEqual(
      incidentVariablesIn({ protocol: "$PROTOCOL", ports: ["$AMPLIFIER_PORT", "$PROTOCOL"] }),
      ["$PROTOCOL", "$AMPLIFIER_PORT"],
    );
    assert.deepEqual(incidentVariablesIn({ protocol: "udp", ports: [53], note: "$NOT_A_VARIABLE" }), []);
  });
});
