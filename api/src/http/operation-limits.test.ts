import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  buildSchema,
  type FieldNode,
  type GraphQLField,
  getArgumentValues,
  type OperationDefinitionNode,
  parse,
} from "graphql";
import { schema } from "../schema.ts";
import { argumentsOf, checkOperation, type OperationLimits } from "./operation-limits.ts";

const limits: OperationLimits = {
  maxCost: 100_000,
  defaultPage: 50,
  maxPage: 200,
  maxListLength: 256,
  listLengthOverrides: { "Query.nodes.ids": 100 },
  listSizes: { "TrafficSeries.points": 1000 },
};
const check = (query: string, variables: Record<string, unknown> = {}) =>
  checkOperation(schema, parse(query), undefined, variables, limits);

const NESTED = (first: string) =>
  `query${first === "$n" ? "($n: Int)" : ""} { workspaces(first: ${first}) { edges { node { nodes(first: ${first}) { edges { node { name hostname status } } } } } } }`;

describe("operation limits", () => {
  it("prices a page size given in a variable exactly like the literal", () => {
    assert.equal(check(NESTED("200"))?.code, "QUERY_TOO_EXPENSIVE");
    assert.equal(check(NESTED("$n"), { n: 200 })?.code, "QUERY_TOO_EXPENSIVE");
    assert.equal(check(NESTED("$n"), { n: 10 }), undefined);
    assert.equal(
      check(NESTED("$n"), { n: 1_000_000 })?.code,
      "QUERY_TOO_EXPENSIVE",
      "capped at 200, not free",
    );
  });

  it("counts the default page when none is given, and fragments like inline fields", () => {
    const spread = `query { workspaces(first: 200) { edges { node { ...W } } } } fragment W on Workspace { nodes(first: 200) { edges { node { name hostname status } } } }`;
    assert.equal(check(spread)?.code, "QUERY_TOO_EXPENSIVE");
    assert.equal(check("{ workspaces { edges { node { name } } } }"), undefined);
  });

  it("bounds every list argument, in variables and inside input objects", () => {
    const ids = Array.from({ length: 101 }, (_, i) => `id-${i}`);
    assert.match(
      check("query($ids: [ID!]!) { nodes(ids: $ids) { id } }", { ids })?.message ?? "",
      /ids has 101 items; at most 100/,
    );
    assert.equal(check("query($ids: [ID!]!) { nodes(ids: $ids) { id } }", { ids: ids.slice(1) }), undefined);
    const prefixes = Array.from({ length: 257 }, () => "10.0.0.0/8");
    const problem = check(
      `mutation($p: [String!]) { createNode(input: { workspaceId: "w", name: "n", ownedPrefixes: $p }) { __typename } }`,
      { p: prefixes },
    );
    assert.equal(problem?.code, "BAD_USER_INPUT");
    assert.match(problem?.message ?? "", /input.ownedPrefixes has 257 items/);
  });

  it("bounds lists inside each item of a list of input objects (a sample's capture summary)", () => {
    const report = "mutation($s: [TelemetrySampleInput!]!) { reportTelemetry(samples: $s) { accepted } }";
    const sources = (n: number) => Array.from({ length: n }, () => ({ ip: "192.0.2.1", ttls: [64] }));
    const sample = (topSources: unknown[]) => ({ rxPps: 1, capture: { topSources } });
    const problem = check(report, { s: [sample([]), sample(sources(257))] });
    assert.match(problem?.message ?? "", /samples.1.capture.topSources has 257 items; at most 256/);
    assert.equal(check(report, { s: [sample(sources(256)), { rxPps: 1, capture: null }] }), undefined);
    const ttls = Array.from({ length: 257 }, () => 64);
    assert.match(
      check(report, { s: [sample([{ ip: "192.0.2.1", ttls }])] })?.message ?? "",
      /samples.0.capture.topSources.0.ttls has 257 items/,
    );
  });

  it("counts a bounded list argument across aliases: 30 × nodes(ids: 100) is 3,000 ids", () => {
    const ids = Array.from({ length: 60 }, (_, i) => `id-${i}`);
    const twice = `query($ids: [ID!]!) { a: nodes(ids: $ids) { id } b: nodes(ids: $ids) { id } }`;
    assert.match(
      check(twice, { ids })?.message ?? "",
      /ids lists 120 items across this operation; at most 100/,
    );
    assert.equal(check(twice, { ids: ids.slice(0, 50) }), undefined);
  });

  it("prices list fields without arguments by their stated size (traffic points)", () => {
    const traffic = (first: number) =>
      `{ workspaces(first: 1) { edges { node { nodes(first: ${first}) { edges { node { traffic(from: "2026-01-01T00:00:00Z", to: "2026-01-01T01:00:00Z") { points { ts rxPps } } } } } } } } }`;
    assert.equal(check(traffic(200))?.code, "QUERY_TOO_EXPENSIVE");
    assert.equal(check(traffic(10)), undefined);
  });

  it("prices a list bounded by an argument by what it asks for, its default when not given, at most its size", () => {
    const bounded = {
      ...limits,
      listSizes: { "Incident.timeline": 3600 },
      listSizeArguments: { "Incident.timeline": "maxPoints" },
    };
    const incidents = (timeline: string) =>
      `query($n: Int) { incidents(workspaceId: "w", first: 50) { edges { node { id ${timeline} } } } }`;
    const price = (query: string, variables = {}) =>
      checkOperation(schema, parse(query), undefined, variables, bounded);
    // 50 × (2 + 300 points × 3) with the default; 50 × (2 + 3,600 × 3) asked for all.
    assert.equal(price(incidents("timeline { ts rxPps rxBps }")), undefined);
    assert.match(
      price(incidents("timeline(maxPoints: 3600) { ts rxPps rxBps }"))?.message ?? "",
      /cost 540[0-9]{3} /,
    );
    assert.match(
      price(incidents("timeline(maxPoints: $n) { ts rxPps rxBps }"), { n: 1e9 })?.message ?? "",
      /cost 540[0-9]{3} /,
    );
    assert.equal(price(incidents("timeline(maxPoints: $n) { ts rxPps rxBps }"), { n: 600 }), undefined);
  });

  it("multiplies a list field's children by the ids asked for", () => {
    const ids = Array.from({ length: 100 }, (_, i) => `id-${i}`);
    const heavy = `query($ids: [ID!]!) { nodes(ids: $ids) { ... on Workspace { nodes(first: 200) { edges { node { name hostname status } } } } } }`;
    assert.equal(check(heavy, { ids })?.code, "QUERY_TOO_EXPENSIVE");
    assert.equal(check(heavy, { ids: ids.slice(0, 1) }), undefined);
  });

  it("prices a variable's default when the variable is not sent", () => {
    const withDefault = `query($n: Int = 200) { workspaces(first: $n) { edges { node { nodes(first: $n) { edges { node { name hostname status } } } } } } }`;
    assert.equal(check(withDefault)?.code, "QUERY_TOO_EXPENSIVE");
    assert.equal(check(withDefault, { n: 10 }), undefined);
  });

  it("prices the same parsed document again by its variables of this call, not the first one's", () => {
    const paged = parse(NESTED("$n"));
    const again = (variables: Record<string, unknown>) =>
      checkOperation(schema, paged, undefined, variables, limits);
    assert.equal(again({ n: 10 }), undefined);
    assert.equal(again({ n: 200 })?.code, "QUERY_TOO_EXPENSIVE", "a page size in a variable is not cached");
    const listed = parse("query($ids: [ID!]!) { a: nodes(ids: $ids) { id } b: nodes(ids: $ids) { id } }");
    const ids = (length: number) => Array.from({ length }, (_, i) => `id-${i}`);
    const bounded = (length: number) =>
      checkOperation(schema, listed, undefined, { ids: ids(length) }, limits);
    assert.equal(bounded(10), undefined);
    assert.match(bounded(60)?.message ?? "", /ids lists 120 items across this operation/);
    assert.match(bounded(101)?.message ?? "", /ids has 101 items/);
    assert.equal(bounded(50), undefined);
  });

  it("bounds the agent's samples on every call of its document", () => {
    const report = parse(
      "mutation($samples: [TelemetrySampleInput!]!) { reportTelemetry(samples: $samples) { __typename } }",
    );
    const withOverride = { ...limits, listLengthOverrides: { "Mutation.reportTelemetry.samples": 2 } };
    const send = (count: number) =>
      checkOperation(
        schema,
        report,
        undefined,
        { samples: Array.from({ length: count }, () => ({})) },
        withOverride,
      );
    assert.equal(send(1), undefined);
    assert.match(send(3)?.message ?? "", /samples has 3 items; at most 2/);
    assert.equal(send(2), undefined);
  });

  it("bounds lists inside a single item sent for a list argument (variables are read as sent)", () => {
    const commands = Array.from({ length: 257 }, () => ({}));
    const problem = check(
      "mutation($r: [MitigationReportInput!]!) { reportMitigationResults(reports: $r) { __typename } }",
      { r: { actionId: "a", kind: "APPLIED", ok: true, commands } },
    );
    assert.match(problem?.message ?? "", /reports.0.commands has 257 items/);
  });
});

describe("argumentsOf", () => {
  const argsSchema = buildSchema(`
    type Query {
      f(a: [Int!]!, b: Int = 7, c: String): Int
    }
  `);
  const field = argsSchema.getQueryType()?.getFields().f as GraphQLField<unknown, unknown>;
  const fieldNode = (query: string) => {
    const [operation] = parse(query).definitions as OperationDefinitionNode[];
    return operation?.selectionSet.selections[0] as FieldNode;
  };
  const asGraphQL = (node: FieldNode, values: Record<string, unknown>) => {
    try {
      return { ...getArgumentValues(field, node, values) };
    } catch {
      return {};
    }
  };

  it("reads bare variables as getArgumentValues does, without it", () => {
    const variables = fieldNode("query ($a: [Int!]!, $b: Int, $c: String) { f(a: $a, b: $b, c: $c) }");
    const someVariables = fieldNode("query ($a: [Int!]!) { f(a: $a) }");
    const literals = fieldNode('query ($a: [Int!]!) { f(a: $a, b: 3, c: "x") }');
    const cases: Record<string, unknown>[] = [
      { a: [1, 2], b: 3, c: "x" },
      { a: [1] },
      { a: [1], b: null, c: null },
      { a: null },
      { b: 3 },
      { a: [1], b: undefined },
      { a: undefined },
      {},
    ];
    // Written twice (validation refuses it): graphql reads the last, and so must pricing, or a
    // short first list could stand in for the long one execution gets.
    const twice = fieldNode("query ($a: [Int!]!, $x: [Int!]!) { f(a: $x, a: $a) }");
    cases.push({ x: [1], a: [1, 2, 3, 4] });
    for (const node of [variables, someVariables, literals, twice])
      for (const values of cases)
        assert.deepEqual(
          { ...argumentsOf(field, node, values) },
          asGraphQL(node, values),
          JSON.stringify(values),
        );
  });
});
