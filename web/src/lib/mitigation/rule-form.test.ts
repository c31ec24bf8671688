import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { exampleParams } from "@levee/shared/firewall";
import {
  emptyAddressParam,
  incidentVariablesIn,
  parseParams,
  readRuleForm,
  startingParams,
} from "./rule-form";

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

  describe("a new rule's starting parameters", () => {
    // The API's examples (mitigationActionTypes.example), the form's starting point for every type.
    const examples = exampleParams("eth0");
    const DOCUMENTATION_ADDRESS = /192\.0\.2\.|198\.51\.100\.|203\.0\.113\.|2001:db8/i;

    it("name no documentation address for any action type: a rule saved as is acts on no made-up host", () => {
      for (const [type, example] of Object.entries(examples)) {
        const start = JSON.stringify(startingParams(example));
        assert.doesNotMatch(start, DOCUMENTATION_ADDRESS, `${type}: ${start}`);
      }
    });

    it("drop the incident's own top sources, and keep the example's other values", () => {
      assert.deepEqual(startingParams(examples.NFT_DROP_SOURCES), { sources: ["$TOP_SOURCES"] });
      assert.deepEqual(startingParams(examples.NETDEV_DROP_SOURCES), {
        device: "eth0",
        sources: ["$TOP_SOURCES"],
      });
      assert.deepEqual(startingParams(examples.NFT_DROP_SOURCE_PORTS), examples.NFT_DROP_SOURCE_PORTS);
      assert.deepEqual(startingParams(examples.NFT_DROP_GEO_SET), { countries: ["ZZ"], prefixes: [] });
      assert.deepEqual(startingParams(examples.BLACKHOLE_ROUTE), { prefix: "" });
      assert.deepEqual(startingParams(null), {});
    });

    it("are refused on saving while an address is left empty, the message saying what to write", () => {
      const start = (type: string) => JSON.stringify(startingParams(examples[type]));
      const refused = (type: string) =>
        readRuleForm(form({ ...valid, actionType: type, params: start(type) })).problems;
      assert.deepEqual(refused("NFT_DROP_SOURCES"), []);
      assert.deepEqual(refused("NFT_DROP_SOURCE_PORTS"), []);
      const prefixes = refused("NFT_DROP_PREFIXES");
      assert.equal(prefixes.length, 1);
      assert.equal(prefixes[0]?.path, "params");
      assert.match(prefixes[0]?.message ?? "", /"prefixes" names no address: list the addresses or prefixes/);
      assert.match(refused("TC_POLICE_SOURCE")[0]?.message ?? "", /"source" is empty/);
      assert.match(emptyAddressParam({ sources: [] }) ?? "", /or "\$TOP_SOURCES" for the incident's own/);
      assert.equal(emptyAddressParam({ prefix: "198.51.100.0/24" }), null);
    });
  });
});
