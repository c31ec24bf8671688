import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { substitute, variableValues } from "./incident-variables.ts";

describe("incident variables", () => {
  const values = variableValues({
    family: "DNS_AMPLIFICATION",
    topSources: ["192.0.2.1", "198.51.100.2"],
    targetAddress: "203.0.113.5",
  });

  it("splices lists, replaces scalars, keeps fixed values", () => {
    const { params, missing } = substitute(
      {
        sources: ["$TOP_SOURCES", "192.0.2.99"],
        protocol: "$PROTOCOL",
        ports: ["$AMPLIFIER_PORT", 19],
        rate: { perSecond: 10 },
      },
      values,
    );
    assert.deepEqual(missing, []);
    assert.deepEqual(params, {
      sources: ["192.0.2.1", "198.51.100.2", "192.0.2.99"],
      protocol: "udp",
      ports: [53, 19],
      rate: { perSecond: 10 },
    });
  });

  it("names what the incident cannot supply, and unknown variables", () => {
    const none = variableValues({ family: "SYN_FLOOD", topSources: [], targetAddress: null });
    const { missing } = substitute(
      { sources: ["$TOP_SOURCES"], ports: ["$AMPLIFIER_PORT"], x: "$HOME" },
      none,
    );
    assert.deepEqual(missing.sort(), ["$AMPLIFIER_PORT", "$HOME", "$TOP_SOURCES"]);
  });
});
