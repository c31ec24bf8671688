import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { actionDefinition } from "@levee/shared/firewall";
import { assessRisk, capabilityWarnings, protectedPrefixes } from "./guardrail-report.ts";

describe("assessRisk", () => {
  const host = {
    managementAddresses: ["203.0.113.10"],
    gateways: ["203.0.113.1"],
    apiAddresses: ["198.51.100.80"],
  };
  const guards = protectedPrefixes(host, ["192.0.2.0/28"]);
  const drop = actionDefinition("NFT_DROP_PREFIXES");
  assert.ok(drop);

  it("refuses the management address, the gateway, the API and the safelist", () => {
    const { refused } = assessRisk(
      drop,
      { prefixes: ["203.0.113.0/24", "198.51.100.80/32", "192.0.2.8/29"] },
      guards,
      null,
    );
    assert.equal(refused.length, 4);
    assert.ok(refused.some((r) => r.includes("management address")));
    assert.ok(refused.some((r) => r.includes("gateway")));
    assert.ok(refused.some((r) => r.includes("Levee API")));
    assert.ok(refused.some((r) => r.includes("safelist")));
  });

  it("warns about large prefixes, whole protocols and spoofed attacks", () => {
    assert.match(
      assessRisk(drop, { prefixes: ["100.0.0.0/8"] }, guards, null).warnings.join(),
      /large prefix/,
    );
    assert.match(
      assessRisk(drop, { prefixes: ["100.64.0.0/24"] }, guards, { spoofed: true }).warnings.join(),
      /spoofed/,
    );
    const protocol = actionDefinition("NFT_DROP_PROTOCOL");
    assert.ok(protocol);
    assert.match(assessRisk(protocol, { protocol: "udp" }, guards, null).warnings.join(), /all inbound UDP/);
    assert.deepEqual(assessRisk(protocol, { protocol: "udp", dport: 9 }, guards, null).warnings, []);
  });

  it("warns before a tc action on a node whose kernel reported no tc police", () => {
    assert.match(
      capabilityWarnings({ backend: "tc" }, { tcPolice: false })[0] ?? "",
      /FAILED and roll it back/,
    );
    assert.deepEqual(capabilityWarnings({ backend: "tc" }, { tcPolice: true }), []);
    assert.deepEqual(capabilityWarnings({ backend: "tc" }, null), [], "not reported yet: no claim");
    assert.deepEqual(capabilityWarnings({ backend: "nftables" }, { tcPolice: false }), []);
  });
});
