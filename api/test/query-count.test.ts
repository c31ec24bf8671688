import assert from "node:assert/strict";
import { AsyncLocalStorage } from "node:async_hooks";
import { before, describe, it } from "node:test";
import { type Caller, createWorkspace, useTestApi } from "./harness.ts";

const DASHBOARD = `{
  me { email memberships { role workspace { slug } } }
  workspaces(first: 50) { edges { node {
    slug name viewerRole
    nodes(first: 50) { edges { node { name status enrolled labels { key value } workspace { slug } } } }
    members(first: 50) { edges { node { role user { email } } } }
    apiKeys(first: 50) { edges { node { prefix scopes } } }
    pendingInvitations { email }
    pendingEnrollmentTokens { prefix }
  } } }
}`;

/**
 * The dashboard's overview query must cost the same number of database operations for one
 * workspace as for five: relations are loaded with their parents, not once per row.
 */
/** Set around the counted request only. */
const counting = new AsyncLocalStorage<boolean>();

describe("database operations per request do not grow with the data (no N+1)", () => {
  const api = useTestApi("postgres");
  let owner: Caller;
  let operations = 0;

  before(async () => {
    const database = api.server.services.database;
    const base = database.prisma;
    database.prisma = base.$extends({
      query: {
        async $allOperations({ args, query }) {
          // Only the request under test: periodic jobs share the process and the client.
          if (counting.getStore()) operations++;
          return query(args);
        },
      },
    }) as unknown as typeof base;
    owner = await api.signup("counter@example.com");
  });

  async function addWorkspace(slug: string) {
    const workspaceId = await createWorkspace(api, owner, slug);
    for (const name of ["a", "b", "c"]) {
      await api.gql(
        `mutation($w: ID!, $n: String!) { createNode(input: { workspaceId: $w, name: $n }) { __typename } }`,
        { w: workspaceId, n: name },
        owner,
      );
    }
    await api.gql(
      `mutation($w: ID!) { inviteMember(input: { workspaceId: $w, email: "x@example.com", role: READONLY }) { __typename } }`,
      { w: workspaceId },
      owner,
    );
    await api.gql(
      `mutation($w: ID!) { createApiKey(input: { workspaceId: $w, name: "k", scopes: ["node:read"] }) { __typename } }`,
      { w: workspaceId },
      owner,
    );
    await api.gql(
      `mutation($w: ID!) { createEnrollmentToken(input: { workspaceId: $w }) { __typename } }`,
      { w: workspaceId },
      owner,
    );
  }

  async function count() {
    operations = 0;
    const result = await counting.run(true, () => api.gql(DASHBOARD, {}, owner));
    assert.equal(result.errors, undefined, JSON.stringify(result.errors));
    return { operations, workspaces: result.data.workspaces.edges.length };
  }

  it("costs the same for 5 workspaces × 3 nodes as for 1", async () => {
    await addWorkspace("count-1");
    const one = await count();
    for (const slug of ["count-2", "count-3", "count-4", "count-5"]) await addWorkspace(slug);
    const five = await count();
    assert.equal(one.workspaces, 1);
    assert.equal(five.workspaces, 5);
    assert.equal(
      five.operations,
      one.operations,
      `1 workspace: ${one.operations} operations, 5 workspaces: ${five.operations}`,
    );
    assert.ok(one.operations <= 12, `${one.operations} operations for one dashboard request`);
    console.log(`dashboard request: ${five.operations} database operations for 1 and for 5 workspaces`);
  });

  it("refuses a fan-out beyond the cost limit before touching the database", async () => {
    operations = 0;
    const huge = `{ workspaces(first: 200) { edges { node { nodes(first: 200) { edges { node {
      name status enrolled interface ownedPrefixes labels { key value } workspace { slug name } } } } } } } }`;
    const result = await counting.run(true, () => api.gql(huge, {}, owner));
    assert.match(result.errors?.[0]?.message ?? "", /Query cost \d+ exceeds the limit of 100000/);
    assert.equal(operations <= 3, true, `only authentication ran (${operations} operations)`);
  });
});
