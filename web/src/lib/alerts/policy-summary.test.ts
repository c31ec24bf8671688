import assert from "node:assert/strict";
import { test } from "node:test";
import { matchLines, repeatLine, stepLines } from "./policy-summary";

test("matchers in words; none at all matches any incident", () => {
  assert.deepEqual(matchLines({ severities: [], families: [], nodeLabels: [] }), ["Any incident"]);
  assert.deepEqual(
    matchLines({
      severities: ["HIGH", "CRITICAL"],
      families: ["UDP_FLOOD", "DNS_AMPLIFICATION"],
      nodeLabels: [
        { key: "role", value: "edge" },
        { key: "site", value: "fra1" },
      ],
    }),
    ["Severity: High, Critical", "Family: UDP flood, DNS amplification", "Node labels: role=edge, site=fra1"],
  );
  assert.deepEqual(matchLines({ severities: [], families: ["NEW_FAMILY"], nodeLabels: [] }), [
    "Family: NEW_FAMILY",
  ]);
});

test("steps by channel name with their delays; a deleted channel is named as such", () => {
  const names: Record<string, string> = { a: "NOC webhook", b: "Slack", c: "PagerDuty" };
  const lines = stepLines(
    {
      steps: [
        { channelIds: ["a", "b"], delaySeconds: 0 },
        { channelIds: ["c"], delaySeconds: 300 },
        { channelIds: ["gone"], delaySeconds: 0 },
      ],
      repeat: 0,
      repeatAfterSeconds: 300,
    },
    (id) => names[id],
  );
  assert.deepEqual(lines, [
    "1. At once: NOC webhook, Slack",
    "2. 5 min later: PagerDuty",
    "3. With the previous step: a deleted channel",
  ]);
  assert.deepEqual(
    stepLines(
      { steps: [{ channelIds: ["c"], delaySeconds: 600 }], repeat: 0, repeatAfterSeconds: 1 },
      (id) => names[id],
    ),
    ["1. After 10 min: PagerDuty"],
  );
});

test("repeats: once, or the extra rounds and their spacing", () => {
  assert.equal(repeatLine({ repeat: 0, repeatAfterSeconds: 300 }), "Once");
  assert.equal(
    repeatLine({ repeat: 1, repeatAfterSeconds: 300 }),
    "1 more round, each 5 min after the last step",
  );
  assert.equal(
    repeatLine({ repeat: 3, repeatAfterSeconds: 3600 }),
    "3 more rounds, each 1 h after the last step",
  );
});
