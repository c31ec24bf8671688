// Findings H1 (anonymous nodes(ids:) with thousands of ids), H2 (first: $n priced only as a
// literal), the aliasing and batching attempts, and out-of-range dates — replayed through the API.
import assert from "node:assert/strict";
import { AsyncLocalStorage } from "node:async_hooks";
import { before, describe, it } from "node:test";
import { createTenant, type Tenant } from "../fixtures.ts";
import { useTestApi } from "../harness.ts";
import { sample } from "../telemetry-client.ts";

const NESTED = (first: string) =>
  `query${first === "$n" ? "($n: Int)" : ""} { workspaces(first: ${first}) { edges { node { nodes(first: ${first}) { edges { node { name hostname status } } } } } } }`;

describe("query limits (pglite)", () => {
  const api = useTestApi("pglite");
  let tenant: Tenant;
  /** Set around the counted request only (periodic jobs share the process and the client). */
  const counting = new AsyncLocalStorage<boolean>();
  let operations = 0;

  before(async () => {
    tenant = await createTenant(api, "limits");
    const database = api.server.services.database;
    const base = database.prisma;
    database.prisma = base.$extends({
      query: {
        async $allOperations({ args, query }) {
          if (counting.getStore()) operations++;
          return query(args);
        },
      },
    }) as unknown as typeof base;
  });

  it("refuses an anonymous nodes(ids:) with 55,000 ids (or 101) before resolving any", async () => {
    const ids = Array.from({ length: 55_000 }, (_, i) => `${tenant.nodeId}${i}`);
    operations = 0;
    const huge = await counting.run(true, () =>
      api.gql("query($ids: [ID!]!) { nodes(ids: $ids) { id } }", { ids }),
    );
    assert.equal(huge.errors?.[0]?.extensions?.code, "BAD_USER_INPUT");
    assert.match(huge.errors?.[0]?.message ?? "", /at most 100/);
    assert.equal(huge.data, undefined);
    // Refused before resolving: not one database operation (counted, not timed — a timed
    // bound is a race with the machine's load).
    assert.equal(operations, 0, "database operations for the refused request");
    const over = await api.gql("query($ids: [ID!]!) { nodes(ids: $ids) { id } }", {
      ids: Array(101).fill(tenant.nodeId),
    });
    assert.equal(over.errors?.[0]?.extensions?.code, "BAD_USER_INPUT");
    const anonymous = await api.gql("query($ids: [ID!]!) { nodes(ids: $ids) { id } }", {
      ids: Array(100).fill(tenant.nodeId),
    });
    assert.equal(
      anonymous.errors?.[0]?.extensions?.code,
      "UNAUTHENTICATED",
      "nothing is loaded for anonymous callers",
    );
    const within = await api.gql(
      "query($ids: [ID!]!) { nodes(ids: $ids) { id } }",
      { ids: Array(100).fill(tenant.nodeId) },
      tenant.owner,
    );
    assert.equal(within.data.nodes.length, 100, "100 ids are answered");
  });

  it("prices first: $n like first: 200 (the variable form ran at cost 441,602)", async () => {
    for (const [query, variables] of [
      [NESTED("200"), {}],
      [NESTED("$n"), { n: 200 }],
    ] as const) {
      const result = await api.gql(query, variables, tenant.owner);
      assert.equal(result.errors?.[0]?.extensions?.code, "QUERY_TOO_EXPENSIVE", JSON.stringify(result));
      assert.equal(result.data, undefined);
    }
    const small = await api.gql(NESTED("$n"), { n: 5 }, tenant.owner);
    assert.equal(small.errors, undefined);
    assert.equal(small.data.workspaces.edges.length, 1);
  });

  it("a document's cheap run does not price its expensive run (the price is kept only when no variable reaches it)", async () => {
    // The same text each time: the parser's cache hands pricing the same document.
    const paged = await api.gql(NESTED("$n"), { n: 1 }, tenant.owner);
    assert.equal(paged.errors, undefined, JSON.stringify(paged));
    const bigger = await api.gql(NESTED("$n"), { n: 200 }, tenant.owner);
    assert.equal(bigger.errors?.[0]?.extensions?.code, "QUERY_TOO_EXPENSIVE", JSON.stringify(bigger));
    const ids = (length: number) => Array(length).fill(tenant.workspaceId);
    const fanned = `query($ids: [ID!]!) { nodes(ids: $ids) { ... on Workspace { nodes(first: 200) { edges { node { name hostname status } } } } } }`;
    const one = await api.gql(fanned, { ids: ids(1) }, tenant.owner);
    assert.equal(one.errors, undefined, JSON.stringify(one));
    const hundred = await api.gql(fanned, { ids: ids(100) }, tenant.owner);
    assert.equal(hundred.errors?.[0]?.extensions?.code, "QUERY_TOO_EXPENSIVE", JSON.stringify(hundred));
  });

  it("bounds list inputs: reportTelemetry 2,000 samples, other lists 256", async () => {
    const samples = Array.from({ length: 2001 }, (_, i) => sample(Date.now() - 10_000 - i * 1000, 1));
    const tooMany = await api.gql(
      "mutation($s: [TelemetrySampleInput!]!) { reportTelemetry(samples: $s) { __typename } }",
      { s: samples },
      { token: tenant.agent.token },
    );
    assert.equal(tooMany.errors?.[0]?.extensions?.code, "BAD_USER_INPUT");
    assert.match(tooMany.errors?.[0]?.message ?? "", /samples has 2001 items; at most 2000/);
    const prefixes = Array.from({ length: 300 }, (_, i) => `10.${i >> 8}.${i & 255}.0/24`);
    const node = await api.gql(
      `mutation($p: [String!]) { updateNode(input: { nodeId: "${tenant.nodeId}", ownedPrefixes: $p }) { __typename } }`,
      { p: prefixes },
      tenant.owner,
    );
    assert.equal(node.errors?.[0]?.extensions?.code, "BAD_USER_INPUT");
  });

  it("refuses more than 30 aliases and batched (array) bodies", async () => {
    const aliases = Array.from({ length: 31 }, (_, i) => `a${i}: serverInfo { name }`).join(" ");
    const aliased = await api.gql(`{ ${aliases} }`);
    assert.ok(aliased.errors?.length, "31 aliases refused");
    assert.equal(aliased.data, undefined);
    const response = await api.server.yoga.fetch("http://levee.test/graphql", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(Array(20).fill({ query: "{ serverInfo { name } }" })),
    });
    const body = await response.text();
    assert.equal(response.status, 400, body);
    assert.doesNotMatch(body, /"serverInfo"/);
  });

  it("answers out-of-range dates with BAD_USER_INPUT, not a masked INTERNAL", async () => {
    for (const since of ["0001-01-01T00:00:00Z", "+200000-01-01T00:00:00Z", "1969-12-31T23:59:59Z"]) {
      const result = await api.gql(
        "query($w: ID!, $since: DateTime!) { incidents(workspaceId: $w, filter: { since: $since }) { edges { node { id } } } }",
        { w: tenant.workspaceId, since },
        tenant.owner,
      );
      assert.equal(
        result.errors?.[0]?.extensions?.code,
        "BAD_USER_INPUT",
        `${since}: ${JSON.stringify(result)}`,
      );
    }
  });
});
