// An MSP's overview lists each customer with its nodes counted: once a page of 200 nodes, so a
// customer's 201st node under attack was not counted. Workspace.nodeCounts counts every node.
import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import { createTenant, rawId, type Tenant } from "./fixtures.ts";
import { useTestApi } from "./harness.ts";

describe("a workspace's node counts", () => {
  const api = useTestApi("pglite");
  let tenant: Tenant;
  before(async () => {
    tenant = await createTenant(api, "counted");
    const workspaceId = rawId(tenant.workspaceId);
    // Past a page (the API's largest is 200): ONLINE nodes, then the last ones offline, one
    // elevated and one under attack among them.
    await api.server.services.database.prisma.node.createMany({
      data: Array.from({ length: 230 }, (_, i) => ({
        workspaceId,
        name: `edge-${i}`,
        status: i < 220 ? ("ONLINE" as const) : ("OFFLINE" as const),
        detectionState:
          i === 228 ? ("ATTACK" as const) : i === 229 ? ("ELEVATED" as const) : ("NORMAL" as const),
      })),
    });
  });

  it("counts every node by status and detection state, not a page of them", async () => {
    const { prisma } = api.server.services.database;
    const where = { workspaceId: rawId(tenant.workspaceId) };
    // The tenant's own nodes (one with an incident) beside the 230.
    const count = (extra: object) => prisma.node.count({ where: { ...where, ...extra } });
    const expected = {
      total: await count({}),
      online: await count({ status: "ONLINE" }),
      offline: await count({ status: "OFFLINE" }),
      pending: await count({ status: "PENDING" }),
      elevated: await count({ detectionState: "ELEVATED" }),
      underAttack: await count({ detectionState: "ATTACK" }),
    };
    assert.ok(
      expected.total > 230 && expected.offline === 10 && expected.elevated === 1,
      JSON.stringify(expected),
    );
    const result = await api.gql(
      `query($id: ID!) { node(id: $id) { ... on Workspace {
        nodeCounts { total online offline pending elevated underAttack }
        nodes(first: 500) { edges { node { id } } } } } }`,
      { id: tenant.workspaceId },
      tenant.owner,
    );
    const workspace = result.data?.node;
    assert.ok(workspace, JSON.stringify(result));
    assert.equal(workspace.nodes.edges.length, 200, "a page holds 200");
    assert.deepEqual(workspace.nodeCounts, expected);
  });

  it("is not read by another workspace's member", async () => {
    const other = await createTenant(api, "outsider");
    const result = await api.gql(
      `query($id: ID!) { node(id: $id) { ... on Workspace { nodeCounts { total } } } }`,
      { id: tenant.workspaceId },
      other.owner,
    );
    assert.equal(result.data?.node ?? null, null, JSON.stringify(result));
    assert.equal(result.errors?.[0]?.extensions?.code, "NOT_FOUND", JSON.stringify(result));
  });
});
