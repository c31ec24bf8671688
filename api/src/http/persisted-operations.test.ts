import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { parse } from "graphql";
import { PersistedOperations } from "./persisted-operations.ts";

const REPORT = "mutation R($s: [TelemetrySampleInput!]!) { reportTelemetry(samples: $s) { __typename } }";

describe("persisted operations (the agent's report text, parsed and validated once)", () => {
  it("knows a learnt report text, to the byte", () => {
    const known = new PersistedOperations(["reportTelemetry"]);
    const document = parse(REPORT);
    known.learn(REPORT, document);
    assert.equal(known.known(REPORT), document);
    assert.equal(known.known(`${REPORT} `), undefined);
    assert.equal(known.known(undefined), undefined);
  });

  it("learns only a lone operation with the hot field alone at its root", () => {
    const known = new PersistedOperations(["reportTelemetry"]);
    const others = [
      "query { __typename }",
      "mutation M($s: [TelemetrySampleInput!]!) { a: reportTelemetry(samples: $s) { __typename } b: reportTelemetry(samples: $s) { __typename } }",
      `${REPORT} query Q { __typename }`,
      "mutation M($s: [TelemetrySampleInput!]!) { ...F } fragment F on Mutation { reportTelemetry(samples: $s) { __typename } }",
      "subscription { reportTelemetry }",
    ];
    for (const text of others) {
      known.learn(text, parse(text));
      assert.equal(known.known(text), undefined, text);
    }
  });

  it("keeps the 16 latest texts", () => {
    const known = new PersistedOperations(["reportTelemetry"]);
    const texts = Array.from({ length: 17 }, (_, i) => `${REPORT}${" ".repeat(i)}`);
    for (const text of texts) known.learn(text, parse(text));
    assert.equal(known.known(texts[0]), undefined);
    assert.ok(texts.slice(1).every((text) => known.known(text)));
  });
});
