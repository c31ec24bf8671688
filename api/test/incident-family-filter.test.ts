import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { engines } from "./databases.ts";
import { createNode, rawId } from "./fixtures.ts";
import { createWorkspace, useTestApi } from "./harness.ts";

// The dashboard's family filter is the API's: `incidents(filter: { families, unclassified })` reads the
// family inside the classification JSON, so paging and the CSV export see exactly the filtered rows.
for (const engine of engines) {
  describe(`incidents filtered by attack family (${engine})`, () => {
    const api = useTestApi(engine);

    test("families, unclassified, both at once, and a family that is not one", async () => {
      const owner = await api.signup(`family-${engine}@example.com`);
      const workspaceId = await createWorkspace(api, owner, `family-${engine}`);
      const nodeId = rawId(await createNode(api, owner, workspaceId, "edge-1"));
      const { prisma } = api.server.services.database;
      const ws = rawId(workspaceId);
      const attack = await prisma.attack.create({ data: { workspaceId: ws, startedAt: new Date() } });
      const make = async (family: string | null) =>
        (
          await prisma.incident.create({
            data: {
              workspaceId: ws,
              nodeId,
              attackId: attack.id,
              severity: "HIGH",
              // Resolved: a node holds one open incident at most.
              status: "RESOLVED",
              endedAt: new Date(),
              startedAt: new Date(),
              lastAttackAt: new Date(),
              peakPps: 1,
              peakBps: 1,
              thresholds: {},
              ...(family ? { classification: { family, confidence: 90 } } : {}),
            },
          })
        ).id;
      const syn = await make("SYN_FLOOD");
      const udp = await make("UDP_FLOOD");
      const none = await make(null);
      const ids = async (filter: Record<string, unknown>) => {
        const { data, errors } = await api.gql(
          `query($w: ID!, $f: IncidentFilter) { incidents(workspaceId: $w, filter: $f) { edges { node { id } } } }`,
          { w: workspaceId, f: filter },
          owner,
        );
        assert.equal(errors, undefined, JSON.stringify(errors));
        return data.incidents.edges.map((e: { node: { id: string } }) => rawId(e.node.id)).sort();
      };
      assert.deepEqual(await ids({ families: ["SYN_FLOOD"] }), [syn]);
      assert.deepEqual(await ids({ families: ["SYN_FLOOD", "UDP_FLOOD"] }), [syn, udp].sort());
      assert.deepEqual(await ids({ unclassified: true }), [none]);
      assert.deepEqual(await ids({ families: ["UDP_FLOOD"], unclassified: true }), [udp, none].sort());
      assert.deepEqual(await ids({}), [syn, udp, none].sort());
      const bad = await api.gql(
        `query($w: ID!) { incidents(workspaceId: $w, filter: { families: [NOT_A_FAMILY] }) { edges { node { id } } } }`,
        { w: workspaceId },
        owner,
      );
      assert.ok(bad.errors?.length, "an unknown family is refused by the schema");
    });
  });
}
