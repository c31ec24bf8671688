// Info row: ANALYST users and node:update keys could raise thresholds until detection was off,
// with no ceiling and no warning. Past 10× the floor (or a multiplier above 10) now needs
// detection:override (ADMIN, OWNER); every raise is audited with a warning.
import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import { encodeGlobalID } from "../../src/global-id.ts";
import {
  addMember,
  createEnrollmentToken,
  createIntegrationKey,
  createNode,
  createTenant,
  enrollAgent,
  mutate,
  rawId,
  type Tenant,
} from "../fixtures.ts";
import { type Caller, useTestApi } from "../harness.ts";

describe("threshold ceiling", () => {
  const api = useTestApi("pglite");
  let tenant: Tenant;
  let analyst: Caller;
  let admin: Caller;
  before(async () => {
    tenant = await createTenant(api, "ceiling");
    analyst = tenant.member; // ANALYST
    admin = await addMember(api, tenant.owner, tenant.workspaceId, "ceiling-admin@example.com", "ADMIN");
  });
  const set = (caller: Caller, input: Record<string, unknown>) =>
    mutate(api, caller, "setNodeThresholds", { nodeId: tenant.nodeId, ...input });

  it("an ANALYST or a node:update key cannot raise detection past the ceiling", async () => {
    const key = await createIntegrationKey(api, tenant.owner, tenant.workspaceId, [
      "node:read",
      "node:update",
    ]);
    for (const caller of [analyst, { token: key.token }]) {
      const high = await set(caller, { overrides: [{ metric: "PPS", threshold: 1e12 }] });
      assert.equal(high.payload?.code, "FORBIDDEN", JSON.stringify(high));
      const multiplier = await set(caller, { multiplier: 20 });
      assert.equal(multiplier.payload?.code, "FORBIDDEN");
    }
    const within = await set(analyst, { overrides: [{ metric: "PPS", threshold: 50_000 }], multiplier: 5 });
    assert.equal(within.payload?.__typename, "NodePayload");
  });

  it("an ADMIN may, and the raise is audited with a warning", async () => {
    const high = await set(admin, { overrides: [{ metric: "PPS", threshold: 1e12 }] });
    assert.equal(high.payload?.__typename, "NodePayload", JSON.stringify(high));
    const entry = await api.server.services.database.prisma.auditLog.findFirst({
      where: { action: "node.thresholds" },
      orderBy: { seq: "desc" },
    });
    assert.match(JSON.stringify(entry?.summary), /warning.*PPS threshold raised/);
    const lower = await set(analyst, { overrides: [{ metric: "PPS", threshold: 20_000 }] });
    assert.equal(lower.payload?.__typename, "NodePayload", "lowering is always allowed");
  });

  it("an ANALYST may send an ADMIN's settings past the ceiling again unchanged, or lower them, never raise them", async () => {
    // The dashboard's form saves every field: an ANALYST changing one threshold resends the rest.
    const raised = await set(admin, { multiplier: 18, overrides: [{ metric: "PPS", threshold: 1e12 }] });
    assert.equal(raised.payload?.__typename, "NodePayload", JSON.stringify(raised));
    const same = await set(analyst, {
      multiplier: 18,
      overrides: [
        { metric: "PPS", threshold: 1e12 },
        { metric: "UDP_PPS", threshold: 30_000 },
      ],
    });
    assert.equal(same.payload?.__typename, "NodePayload", JSON.stringify(same));
    const lowered = await set(analyst, { multiplier: 12, overrides: [{ metric: "PPS", threshold: 1e11 }] });
    assert.equal(lowered.payload?.__typename, "NodePayload", JSON.stringify(lowered));
    const back = await set(analyst, { multiplier: 14 });
    assert.equal(back.payload?.code, "FORBIDDEN", "a raise past the ceiling, if below an earlier value");
    const backThreshold = await set(analyst, { overrides: [{ metric: "PPS", threshold: 5e11 }] });
    assert.equal(backThreshold.payload?.code, "FORBIDDEN");
  });

  it("SYN cookies sent/s have their ceiling too: 10 × their floor of 100/s for node:update alone", async () => {
    const within = await set(analyst, { overrides: [{ metric: "SYN_COOKIES", threshold: 900 }] });
    assert.equal(within.payload?.__typename, "NodePayload", JSON.stringify(within));
    const high = await set(analyst, { overrides: [{ metric: "SYN_COOKIES", threshold: 1_500 }] });
    assert.equal(high.payload?.code, "FORBIDDEN", JSON.stringify(high));
    const admins = await set(admin, { overrides: [{ metric: "SYN_COOKIES", threshold: 1_500 }] });
    assert.equal(admins.payload?.__typename, "NodePayload", JSON.stringify(admins));
  });
});

// The dashboard's workspace multiplier: one call for every node of the workspace, past the first
// page of 200 (the dashboard once set it node by node, on the first page only), under the same ceiling.
describe("a workspace's detection multiplier", () => {
  const api = useTestApi("pglite");
  let tenant: Tenant;
  let analyst: Caller;
  let admin: Caller;
  const NODES = 250;
  /** Every node of the workspace: the 250 and the tenant's own. */
  let all: number;
  before(async () => {
    tenant = await createTenant(api, "fleet");
    analyst = tenant.member; // ANALYST
    admin = await addMember(api, tenant.owner, tenant.workspaceId, "fleet-admin@example.com", "ADMIN");
    await api.server.services.database.prisma.node.createMany({
      data: Array.from({ length: NODES }, (_, i) => ({
        workspaceId: rawId(tenant.workspaceId),
        name: `edge-${i}`,
      })),
    });
    all = await api.server.services.database.prisma.node.count({
      where: { workspaceId: rawId(tenant.workspaceId) },
    });
  });
  const set = (caller: Caller, multiplier: number) =>
    mutate(
      api,
      caller,
      "setWorkspaceDetectionMultiplier",
      { workspaceId: tenant.workspaceId, multiplier },
      "... on WorkspaceDetectionMultiplierPayload { nodesChanged workspace { detectionMultipliers { multiplier nodeCount } } }",
    );
  const multipliers = async () =>
    (
      await api.server.services.database.prisma.node.groupBy({
        by: ["detectionMultiplier"],
        where: { workspaceId: rawId(tenant.workspaceId) },
        _count: { _all: true },
      })
    ).map((g) => [g.detectionMultiplier, g._count._all]);
  const entries = () =>
    api.server.services.database.prisma.auditLog.findMany({
      where: { action: "workspace.detection-multiplier", workspaceId: rawId(tenant.workspaceId) },
      orderBy: { seq: "asc" },
    });

  it("sets every node's multiplier in one audited change, and reads them back by multiplier", async () => {
    // Every instance's detection is told, each changed node once (in messages of at most 1,000).
    const changes = api.server.services.pubsub
      .subscribeUnbounded("detectionSettingsChanged")
      [Symbol.asyncIterator]();
    // Asked for before the call: the subscription starts listening at its first read.
    let next = changes.next();
    const done = await set(analyst, 5);
    const told: string[] = [];
    while (told.length < all) {
      told.push(...((await next).value?.nodeIds ?? []));
      if (told.length < all) next = changes.next();
    }
    await changes.return?.();
    assert.equal(new Set(told).size, all);
    assert.equal(done.payload?.nodesChanged, all, JSON.stringify(done));
    assert.deepEqual(done.payload?.workspace.detectionMultipliers, [{ multiplier: 5, nodeCount: all }]);
    assert.deepEqual(await multipliers(), [[5, all]]);
    const [entry] = await entries();
    assert.deepEqual(entry?.summary, {
      before: { byMultiplier: { 3: all }, newNodes: 3 },
      after: { multiplier: 5, nodes: all, newNodes: 5 },
      warning: `detection made less sensitive: multiplier raised on ${all} nodes`,
    });
    const again = await set(analyst, 5);
    assert.equal(again.payload?.nodesChanged, 0, "nodes already at the value are left as they are");
    assert.equal((await entries()).length, 1, "and nothing changed is not audited");
  });

  it("new nodes start at the workspace's multiplier, created or enrolled", async () => {
    // Before, "5× for the whole workspace" left every node made afterwards at 3.
    const created = await createNode(api, tenant.owner, tenant.workspaceId, "edge-late");
    const enrolled = await enrollAgent(
      api,
      await createEnrollmentToken(api, tenant.owner, tenant.workspaceId),
      "edge-enrolled",
    );
    const started = await api.server.services.database.prisma.node.findMany({
      where: { id: { in: [rawId(created), rawId(enrolled.nodeId)] } },
      select: { detectionMultiplier: true },
    });
    assert.deepEqual(
      started.map((n) => n.detectionMultiplier),
      [5, 5],
    );
    const read = await api.gql(
      `query($id: ID!) { node(id: $id) { ... on Workspace { defaultDetectionMultiplier } } }`,
      { id: tenant.workspaceId },
      analyst,
    );
    assert.equal(read.data?.node?.defaultDetectionMultiplier, 5, JSON.stringify(read));
    all += 2;
  });

  it("keeps the ceiling: past 10 only an ADMIN raises, an ANALYST may keep or lower", async () => {
    await mutate(api, analyst, "setNodeThresholds", { nodeId: tenant.nodeId, multiplier: 4 });
    const refused = await set(analyst, 12);
    assert.equal(refused.payload?.code, "FORBIDDEN", JSON.stringify(refused));
    assert.deepEqual(
      (await multipliers()).sort(),
      [
        [4, 1],
        [5, all - 1],
      ],
      "nothing changed",
    );
    const raised = await set(admin, 12);
    assert.equal(raised.payload?.nodesChanged, all, JSON.stringify(raised));
    assert.equal((await set(analyst, 12)).payload?.nodesChanged, 0, "sent again unchanged");
    assert.equal((await set(analyst, 11)).payload?.nodesChanged, all, "lowered");
    assert.equal((await set(analyst, 11.5)).payload?.code, "FORBIDDEN", "raised again past the ceiling");
    const outside = await set(admin, 25);
    assert.equal(outside.payload?.code, "BAD_USER_INPUT", JSON.stringify(outside));
  });

  it("keeps the ceiling for new nodes too: an ANALYST may not raise the default alone past 10", async () => {
    const other = await createTenant(api, "defaults");
    const otherAdmin = await addMember(
      api,
      other.owner,
      other.workspaceId,
      "defaults-admin@example.com",
      "ADMIN",
    );
    // Every node already at 12 (set one by one), the default still 3: nothing but the default rises.
    const nodes = await api.server.services.database.prisma.node.findMany({
      where: { workspaceId: rawId(other.workspaceId) },
    });
    for (const node of nodes) {
      const nodeId = encodeGlobalID("MonitoredNode", node.id);
      const one = await mutate(api, otherAdmin, "setNodeThresholds", { nodeId, multiplier: 12 });
      assert.equal(one.payload?.code, undefined, JSON.stringify(one));
    }
    const setIn = (caller: Caller) =>
      mutate(
        api,
        caller,
        "setWorkspaceDetectionMultiplier",
        { workspaceId: other.workspaceId, multiplier: 12 },
        "... on WorkspaceDetectionMultiplierPayload { nodesChanged workspace { defaultDetectionMultiplier } }",
      );
    const refused = await setIn(other.member);
    assert.equal(refused.payload?.code, "FORBIDDEN", JSON.stringify(refused));
    assert.match(refused.payload?.message, /new nodes start at 3/);
    const done = await setIn(otherAdmin);
    assert.equal(done.payload?.nodesChanged, 0, JSON.stringify(done));
    assert.deepEqual(done.payload?.workspace, { defaultDetectionMultiplier: 12 });
  });

  it("a READONLY member may not set it", async () => {
    const reader = await addMember(
      api,
      tenant.owner,
      tenant.workspaceId,
      "fleet-reader@example.com",
      "READONLY",
    );
    assert.equal((await set(reader, 4)).payload?.code, "FORBIDDEN");
  });
});
