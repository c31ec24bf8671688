// Pickers for a workspace with thousands of nodes cannot list them all: they ask for the nodes whose
// name or hostname holds what was typed (Workspace.nodes(search:)), in that workspace alone.
import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import { createTenant, rawId, type Tenant } from "./fixtures.ts";
import { type Caller, useTestApi } from "./harness.ts";

const SEARCH = `query($id: ID!, $search: String, $first: Int) { node(id: $id) { ... on Workspace {
  nodes(first: $first, search: $search) { edges { node { name hostname } } } } } }`;

describe("searching a workspace's nodes", () => {
  const api = useTestApi("pglite");
  let tenant: Tenant;
  let other: Tenant;

  async function search(workspaceId: string, caller: Caller, text: string, first = 200) {
    const result = await api.gql(SEARCH, { id: workspaceId, search: text, first }, caller);
    assert.equal(result.errors, undefined, JSON.stringify(result));
    const edges: { node: { name: string } }[] = result.data?.node.nodes.edges ?? [];
    return edges.map((e) => e.node.name);
  }

  before(async () => {
    tenant = await createTenant(api, "searched");
    other = await createTenant(api, "neighbour");
    const { prisma } = api.server.services.database;
    // Past a page (200): the ones sought come last, so a first page alone would not hold them.
    await prisma.node.createMany({
      data: [
        ...Array.from({ length: 240 }, (_, i) => ({
          workspaceId: rawId(tenant.workspaceId),
          name: `web-${i}`,
        })),
        { workspaceId: rawId(tenant.workspaceId), name: "db-main", hostname: "Edge-Frankfurt.example.net" },
        { workspaceId: rawId(tenant.workspaceId), name: "50pct_off" },
        { workspaceId: rawId(other.workspaceId), name: "web-239-neighbour", hostname: "edge-frankfurt-2" },
      ],
    });
  });

  it("finds nodes past the first page by name, ignoring case", async () => {
    assert.deepEqual(await search(tenant.workspaceId, tenant.owner, "WEB-239"), ["web-239"]);
    assert.deepEqual(await search(tenant.workspaceId, tenant.owner, "  web-23  "), [
      "web-23",
      ...Array.from({ length: 10 }, (_, i) => `web-23${i}`),
    ]);
  });

  it("finds nodes by hostname", async () => {
    assert.deepEqual(await search(tenant.workspaceId, tenant.owner, "frankfurt"), ["db-main"]);
  });

  it("takes % and _ as the characters they are", async () => {
    assert.deepEqual(await search(tenant.workspaceId, tenant.owner, "%"), []);
    assert.deepEqual(await search(tenant.workspaceId, tenant.owner, "pct_"), ["50pct_off"]);
    assert.deepEqual(await search(tenant.workspaceId, tenant.owner, "b_1"), []);
  });

  it("never reaches another workspace's nodes", async () => {
    assert.deepEqual(await search(other.workspaceId, other.owner, "web-239"), ["web-239-neighbour"]);
    assert.deepEqual(await search(other.workspaceId, other.owner, "db-main"), []);
    const result = await api.gql(SEARCH, { id: tenant.workspaceId, search: "web" }, other.owner);
    assert.equal(result.data?.node ?? null, null, JSON.stringify(result));
    assert.equal(result.errors?.[0]?.extensions?.code, "NOT_FOUND", JSON.stringify(result));
  });

  it("an empty search lists every node, a page at a time", async () => {
    assert.equal((await search(tenant.workspaceId, tenant.owner, "", 200)).length, 200);
  });

  it("refuses an over-long search as bad input", async () => {
    const result = await api.gql(
      `query($slug: String!, $search: String) { workspace(slug: $slug) { nodes(search: $search) { edges { node { id } } } } }`,
      { slug: tenant.slug, search: "x".repeat(254) },
      tenant.owner,
    );
    assert.equal(result.errors?.[0]?.extensions?.code, "BAD_USER_INPUT", JSON.stringify(result));
    assert.match(result.errors?.[0]?.message ?? "", /at most 253 characters/);
  });
});
