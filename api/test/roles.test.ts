import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import { engines } from "./databases.ts";
import {
  addMember,
  createIntegrationKey,
  createNode,
  INTEGRATION_SCOPES,
  membershipIdOf,
  mutate,
  mutateOk,
  type Role,
  rawId,
  snapshotWorkspace,
} from "./fixtures.ts";
import { type Caller, createWorkspace, type TestApi, useTestApi } from "./harness.ts";

type Member = Caller & { userId: string; email: string; membershipId: string };
interface World {
  api: TestApi;
  slug: string;
  workspaceId: string;
  members: Record<Role, Member>;
  nodeId: string;
  keyId: string;
}

/** Every mutating operation on the workspace; `role` picks a target that is not the caller. */
const OPS: Record<string, (w: World, role: Role) => Record<string, unknown>> = {
  updateWorkspace: (w) => ({ workspaceId: w.workspaceId, name: "Renamed" }),
  createNode: (w) => ({ workspaceId: w.workspaceId, name: "sneaky-node" }),
  updateNode: (w) => ({ nodeId: w.nodeId, name: "renamed-node" }),
  deleteNode: (w) => ({ nodeId: w.nodeId }),
  inviteMember: (w) => ({ workspaceId: w.workspaceId, email: "friend@example.com", role: "READONLY" }),
  changeMemberRole: (w, role) => ({ membershipId: otherMember(w, role).membershipId, role: "READONLY" }),
  removeMember: (w, role) => ({ membershipId: otherMember(w, role).membershipId }),
  createApiKey: (w) => ({ workspaceId: w.workspaceId, name: "mine", scopes: ["node:read"] }),
  revokeApiKey: (w) => ({ apiKeyId: w.keyId }),
  createEnrollmentToken: (w) => ({ workspaceId: w.workspaceId }),
  deleteWorkspace: (w) => ({ workspaceId: w.workspaceId }),
};
const otherMember = (w: World, role: Role) => w.members[role === "READONLY" ? "ANALYST" : "READONLY"];

/** What each non-owner role may not do (from permissions.ts: READONLY reads, ANALYST also updates nodes). */
const REFUSED: Record<Exclude<Role, "OWNER">, string[]> = {
  READONLY: Object.keys(OPS),
  ANALYST: Object.keys(OPS).filter((op) => op !== "updateNode"),
  ADMIN: ["deleteWorkspace"],
};
/**
 * A READONLY member cannot even see API keys (no apikey:read), so a key's ID is NOT_FOUND to
 * it, exactly as `node(id:)` answers; every other refusal in a visible workspace is FORBIDDEN.
 */
const expectedCode = (role: Role, op: string) =>
  role === "READONLY" && op === "revokeApiKey" ? "NOT_FOUND" : "FORBIDDEN";

const READ = `query($s: String!) { workspace(slug: $s) { id viewerRole
  nodes { edges { node { id name } } } members { edges { node { role user { email } } } } } }`;
const AUDIT = "query($w: ID!) { auditLog(workspaceId: $w) { edges { node { action } } } }";
const WORKSPACES = "{ workspaces { edges { node { id slug viewerRole parent { id } } } } }";

for (const engine of engines) {
  describe(`roles on ${engine}`, () => {
    const api = useTestApi(engine);
    const w = { api, slug: "acme" } as World;

    before(async () => {
      const owner = await api.signup("owner@acme.test");
      w.workspaceId = await createWorkspace(api, owner, w.slug);
      const ownerMembership = await membershipIdOf(api, owner, w.slug, "owner@acme.test");
      w.members = {
        OWNER: { ...owner, email: "owner@acme.test", membershipId: ownerMembership },
      } as World["members"];
      for (const role of ["ADMIN", "ANALYST", "READONLY"] as const)
        w.members[role] = await addMember(api, owner, w.workspaceId, `${role.toLowerCase()}@acme.test`, role);
      w.nodeId = await createNode(api, owner, w.workspaceId, "web-1");
      w.keyId = (await createIntegrationKey(api, owner, w.workspaceId, INTEGRATION_SCOPES)).id;
    });

    for (const [role, ops] of Object.entries(REFUSED) as [Exclude<Role, "OWNER">, string[]][]) {
      it(`${role} is refused ${ops.join(", ")} and nothing is written`, async () => {
        const before = await snapshotWorkspace(api, w.workspaceId);
        for (const op of ops) {
          const result = await mutate(api, w.members[role], op, (OPS[op] as (typeof OPS)[string])(w, role));
          const label = `${role} ${op}: ${JSON.stringify(result.errors ?? result.payload)}`;
          assert.equal(result.payload?.code, expectedCode(role, op), label);
        }
        assert.deepEqual(
          await snapshotWorkspace(api, w.workspaceId),
          before,
          `${role}'s refused calls wrote something`,
        );
      });
    }

    it("READONLY reads nodes, members and the audit log, but not API keys", async () => {
      const reader = w.members.READONLY;
      const { data, errors } = await api.gql(READ, { s: w.slug }, reader);
      assert.equal(errors, undefined, JSON.stringify(errors));
      assert.equal(data.workspace.viewerRole, "READONLY");
      assert.deepEqual(
        data.workspace.nodes.edges.map((e: { node: { name: string } }) => e.node.name),
        ["web-1"],
      );
      assert.equal(data.workspace.members.edges.length, 4);
      const audit = await api.gql(AUDIT, { w: w.workspaceId }, reader);
      assert.ok(
        audit.data.auditLog.edges.some((e: { node: { action: string } }) => e.node.action === "node.create"),
      );
      const keys = await api.gql(
        "query($s: String!) { workspace(slug: $s) { apiKeys { edges { node { id } } } } }",
        { s: w.slug },
        reader,
      );
      assert.equal(keys.errors?.[0]?.extensions?.code, "FORBIDDEN");
    });

    it("ANALYST updates a node", async () => {
      const input = { nodeId: w.nodeId, labels: [{ key: "rack", value: "r1" }] };
      const payload = await mutateOk(
        api,
        w.members.ANALYST,
        "updateNode",
        input,
        "... on NodePayload { node { labels { key value } } }",
      );
      assert.deepEqual(payload.node.labels, [{ key: "rack", value: "r1" }]);
    });

    it("ADMIN cannot grant OWNER or touch an OWNER's membership", async () => {
      const admin = w.members.ADMIN;
      const before = await snapshotWorkspace(api, w.workspaceId);
      const attempts: [string, Record<string, unknown>][] = [
        ["inviteMember", { workspaceId: w.workspaceId, email: "boss@example.com", role: "OWNER" }],
        ["changeMemberRole", { membershipId: w.members.ANALYST.membershipId, role: "OWNER" }],
        ["changeMemberRole", { membershipId: admin.membershipId, role: "OWNER" }],
        ["changeMemberRole", { membershipId: w.members.OWNER.membershipId, role: "READONLY" }],
        ["removeMember", { membershipId: w.members.OWNER.membershipId }],
      ];
      for (const [op, input] of attempts) {
        const result = await mutate(api, admin, op, input);
        assert.equal(
          result.payload?.code,
          "FORBIDDEN",
          `${op} ${JSON.stringify(input)}: ${JSON.stringify(result.payload)}`,
        );
      }
      assert.deepEqual(await snapshotWorkspace(api, w.workspaceId), before);
      // What an ADMIN may do: manage roles up to its own.
      const promoted = await mutate(
        api,
        admin,
        "changeMemberRole",
        { membershipId: w.members.READONLY.membershipId, role: "ANALYST" },
        "... on MembershipPayload { membership { role } }",
      );
      assert.equal(promoted.payload?.membership?.role, "ANALYST");
      await mutateOk(
        api,
        admin,
        "changeMemberRole",
        { membershipId: w.members.READONLY.membershipId, role: "READONLY" },
        "... on MembershipPayload { membership { role } }",
      );
    });

    it("the last OWNER can be neither demoted nor removed", async () => {
      const owner = w.members.OWNER;
      for (const [op, input] of [
        ["changeMemberRole", { membershipId: owner.membershipId, role: "ADMIN" }],
        ["removeMember", { membershipId: owner.membershipId }],
      ] as const) {
        const result = await mutate(api, owner, op, input);
        assert.equal(result.payload?.code, "CONFLICT", `${op}: ${JSON.stringify(result.payload)}`);
      }
      const where = { workspaceId: rawId(w.workspaceId), role: "OWNER" as const };
      assert.equal(await api.server.services.database.prisma.membership.count({ where }), 1);
    });

    it("an integration key is held to its scopes; apikey:manage cannot be granted", async () => {
      const owner = w.members.OWNER;
      const reader = await createIntegrationKey(api, owner, w.workspaceId, ["node:read"]);
      const created = await mutate(api, { token: reader.token }, "createNode", {
        workspaceId: w.workspaceId,
        name: "from-key",
      });
      assert.equal(created.payload?.__typename, "ForbiddenError");
      const { data } = await api.gql(
        "query($id: ID!) { node(id: $id) { id } }",
        { id: w.nodeId },
        { token: reader.token },
      );
      assert.equal(data.node?.id, w.nodeId, "node:read still works");
      const select = "... on ValidationError { fieldErrors { path message } }";
      const grant = await mutate(
        api,
        owner,
        "createApiKey",
        { workspaceId: w.workspaceId, name: "x", scopes: ["apikey:manage"] },
        select,
      );
      assert.equal(grant.payload?.__typename, "ValidationError");
      assert.equal(grant.payload?.code, "BAD_USER_INPUT");
      assert.deepEqual(
        grant.payload?.fieldErrors.map((e: { path: string }) => e.path),
        ["input.scopes.0"],
      );
    });

    it("an MSP member sees customer workspaces with the inherited role; a customer never sees the MSP", async () => {
      const mspOwner = await api.signup("owner@msp.test");
      const mspId = await createWorkspace(api, mspOwner, "msp");
      const childId = await createWorkspace(api, mspOwner, "customer-1", mspId);
      const mspNode = await createNode(api, mspOwner, mspId, "msp-probe");
      const customerNode = await createNode(api, mspOwner, childId, "customer-web");
      const tech = await addMember(api, mspOwner, mspId, "tech@msp.test", "ANALYST");
      const customer = await addMember(api, mspOwner, childId, "admin@customer.test", "ADMIN");

      const seen = await api.gql(WORKSPACES, {}, tech);
      const roles = Object.fromEntries(
        seen.data.workspaces.edges.map((e: { node: { slug: string; viewerRole: string } }) => [
          e.node.slug,
          e.node.viewerRole,
        ]),
      );
      assert.deepEqual(roles, { msp: "ANALYST", "customer-1": "ANALYST" });
      const childAsTech = await api.gql(READ, { s: "customer-1" }, tech);
      assert.deepEqual(
        childAsTech.data.workspace.nodes.edges.map((e: { node: { id: string } }) => e.node.id),
        [customerNode],
      );
      const techCreate = await mutate(api, tech, "createNode", { workspaceId: childId, name: "x" });
      assert.equal(techCreate.payload?.code, "FORBIDDEN", "the inherited role is ANALYST, not more");

      const own = await api.gql(WORKSPACES, {}, customer);
      assert.deepEqual(
        own.data.workspaces.edges.map((e: { node: { id: string; parent: unknown } }) => [
          e.node.id,
          e.node.parent,
        ]),
        [[childId, null]],
      );
      for (const [query, variables] of [
        [READ, { s: "msp" }],
        ["query($id: ID!) { node(id: $id) { id } }", { id: mspNode }],
        ["query($id: ID!) { node(id: $id) { id } }", { id: mspId }],
        [AUDIT, { w: mspId }],
      ] as const) {
        const result = await api.gql(query, variables, customer);
        assert.equal(
          result.errors?.[0]?.extensions?.code,
          "NOT_FOUND",
          `${JSON.stringify(variables)}: ${JSON.stringify(result)}`,
        );
      }
      const sneak = await mutate(api, customer, "createNode", { workspaceId: mspId, name: "x" });
      assert.equal(sneak.payload?.code, "NOT_FOUND");
      // An MSP integration key is bound to the MSP workspace alone.
      const key = await createIntegrationKey(api, mspOwner, mspId, ["workspace:read", "node:read"]);
      const keyView = await api.gql(
        "{ workspaces { edges { node { slug children { edges { node { id } } } } } } }",
        {},
        { token: key.token },
      );
      assert.deepEqual(keyView.data.workspaces.edges, [{ node: { slug: "msp", children: { edges: [] } } }]);
    });

    for (const role of ["READONLY", "ANALYST", "ADMIN"] as const) {
      it(`${role === "READONLY" ? "a" : "an"} ${role} may leave the workspace`, async () => {
        const member = w.members[role];
        const left = await mutate(
          api,
          member,
          "removeMember",
          { membershipId: member.membershipId },
          "... on RemoveMemberPayload { removedMembershipId }",
        );
        assert.equal(left.payload?.removedMembershipId, member.membershipId, JSON.stringify(left.payload));
        const { data } = await api.gql(WORKSPACES, {}, member);
        assert.deepEqual(data.workspaces.edges, []);
      });
    }

    it("the OWNER deletes the workspace", async () => {
      const result = await mutate(
        api,
        w.members.OWNER,
        "deleteWorkspace",
        { workspaceId: w.workspaceId },
        "... on DeleteWorkspacePayload { deletedWorkspaceId }",
      );
      assert.equal(result.payload?.deletedWorkspaceId, w.workspaceId, JSON.stringify(result.payload));
      const { prisma } = api.server.services.database;
      assert.equal(await prisma.workspace.count({ where: { slug: w.slug } }), 0);
    });
  });
}
