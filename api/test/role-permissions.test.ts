import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import { engines } from "./databases.ts";
import { type Caller, createWorkspace, type TestApi, useTestApi } from "./harness.ts";

const ERR = "__typename ... on Error { code message }";

async function invite(api: TestApi, by: Caller, workspaceId: string, email: string, role: string) {
  const invited = await api.gql(
    `mutation($i: InviteMemberInput!) { inviteMember(input: $i) { ... on InviteMemberPayload { token } ${ERR} } }`,
    { i: { workspaceId, email, role } },
    by,
  );
  const member = await api.signup(email);
  const accepted = await api.gql(
    `mutation($t: String!) { acceptInvitation(input: { token: $t }) { ... on MembershipPayload { membership { id } } ${ERR} } }`,
    { t: invited.data.inviteMember.token },
    member,
  );
  return { ...member, membershipId: accepted.data.acceptInvitation.membership.id as string };
}

for (const engine of engines) {
  describe(`roles on ${engine}`, () => {
    const api = useTestApi(engine);
    const who: Record<string, Caller & { membershipId?: string }> = {};
    let ws: string;
    let nodeId: string;
    let keyId: string;
    let ownerMembershipId: string;

    // One mutation per permission that changes the workspace; each returns a typed result.
    const attempts: Record<string, (caller: Caller) => Promise<{ __typename: string; code?: string }>> = {
      updateWorkspace: async (c) =>
        (
          await api.gql(
            `mutation($w: ID!) { updateWorkspace(input: { workspaceId: $w, name: "X" }) { ${ERR} } }`,
            { w: ws },
            c,
          )
        ).data.updateWorkspace,
      createNode: async (c) =>
        (
          await api.gql(
            `mutation($w: ID!) { createNode(input: { workspaceId: $w, name: "new" }) { ${ERR} } }`,
            { w: ws },
            c,
          )
        ).data.createNode,
      updateNode: async (c) =>
        (
          await api.gql(
            `mutation($n: ID!) { updateNode(input: { nodeId: $n, interface: "eth1" }) { ${ERR} } }`,
            { n: nodeId },
            c,
          )
        ).data.updateNode,
      deleteNode: async (c) =>
        (
          await api.gql(
            `mutation($n: ID!) { deleteNode(input: { nodeId: $n }) { ${ERR} } }`,
            { n: nodeId },
            c,
          )
        ).data.deleteNode,
      inviteMember: async (c) =>
        (
          await api.gql(
            `mutation($w: ID!) { inviteMember(input: { workspaceId: $w, email: "x@example.com", role: READONLY }) { ${ERR} } }`,
            { w: ws },
            c,
          )
        ).data.inviteMember,
      changeMemberRole: async (c) =>
        (
          await api.gql(
            `mutation($m: ID!) { changeMemberRole(input: { membershipId: $m, role: ADMIN }) { ${ERR} } }`,
            {
              m: who.readonly?.membershipId,
            },
            c,
          )
        ).data.changeMemberRole,
      removeMember: async (c) =>
        (
          await api.gql(
            `mutation($m: ID!) { removeMember(input: { membershipId: $m }) { ${ERR} } }`,
            { m: who.admin?.membershipId },
            c,
          )
        ).data.removeMember,
      createApiKey: async (c) =>
        (
          await api.gql(
            `mutation($w: ID!) { createApiKey(input: { workspaceId: $w, name: "k", scopes: ["node:read"] }) { ${ERR} } }`,
            {
              w: ws,
            },
            c,
          )
        ).data.createApiKey,
      revokeApiKey: async (c) =>
        (
          await api.gql(
            `mutation($k: ID!) { revokeApiKey(input: { apiKeyId: $k }) { ${ERR} } }`,
            { k: keyId },
            c,
          )
        ).data.revokeApiKey,
      createEnrollmentToken: async (c) =>
        (
          await api.gql(
            `mutation($w: ID!) { createEnrollmentToken(input: { workspaceId: $w }) { ${ERR} } }`,
            { w: ws },
            c,
          )
        ).data.createEnrollmentToken,
      deleteWorkspace: async (c) =>
        (
          await api.gql(
            `mutation($w: ID!) { deleteWorkspace(input: { workspaceId: $w }) { ${ERR} } }`,
            { w: ws },
            c,
          )
        ).data.deleteWorkspace,
    };

    before(async () => {
      who.owner = await api.signup("owner@example.com");
      ws = await createWorkspace(api, who.owner, "roles");
      for (const role of ["ADMIN", "ANALYST", "READONLY"]) {
        who[role.toLowerCase()] = await invite(api, who.owner, ws, `${role.toLowerCase()}@example.com`, role);
      }
      const node = await api.gql(
        `mutation($w: ID!) { createNode(input: { workspaceId: $w, name: "n1" }) { ... on NodePayload { node { id } } } }`,
        { w: ws },
        who.owner,
      );
      nodeId = node.data.createNode.node.id;
      const key = await api.gql(
        `mutation($w: ID!) { createApiKey(input: { workspaceId: $w, name: "ci", scopes: ["node:read"] }) { ... on CreateApiKeyPayload { apiKey { id } secret } } }`,
        { w: ws },
        who.owner,
      );
      keyId = key.data.createApiKey.apiKey.id;
      who.integration = { token: key.data.createApiKey.secret };
      const members = await api.gql(
        `{ workspace(slug: "roles") { members { edges { node { id role } } } } }`,
        {},
        who.owner,
      );
      ownerMembershipId = members.data.workspace.members.edges.find((e: any) => e.node.role === "OWNER").node
        .id;
    });

    it("READONLY is refused every change and nothing is written, but can read", async () => {
      const { prisma } = api.server.services.database;
      const before = {
        nodes: await prisma.node.count(),
        keys: await prisma.apiKey.count({ where: { revokedAt: null } }),
        members: await prisma.membership.count(),
      };
      for (const [name, attempt] of Object.entries(attempts)) {
        // READONLY cannot even read API keys, so a key is NOT_FOUND to it, like any unreadable object.
        assert.equal(
          (await attempt(who.readonly as Caller)).code,
          name === "revokeApiKey" ? "NOT_FOUND" : "FORBIDDEN",
          name,
        );
      }
      const after = {
        nodes: await prisma.node.count(),
        keys: await prisma.apiKey.count({ where: { revokedAt: null } }),
        members: await prisma.membership.count(),
      };
      assert.deepEqual(after, before);
      const read = await api.gql(
        `query($w: ID!) { workspace(slug: "roles") { nodes { edges { node { name } } } members { edges { node { role } } } } auditLog(workspaceId: $w, first: 1) { edges { node { action } } } }`,
        { w: ws },
        who.readonly,
      );
      assert.equal(read.errors, undefined);
      assert.equal(read.data.workspace.nodes.edges[0].node.name, "n1");
    });

    it("ANALYST cannot manage members or keys but can update nodes", async () => {
      for (const name of [
        "inviteMember",
        "changeMemberRole",
        "removeMember",
        "createApiKey",
        "revokeApiKey",
        "createEnrollmentToken",
        "deleteWorkspace",
      ]) {
        assert.equal((await attempts[name]?.(who.analyst as Caller))?.code, "FORBIDDEN", name);
      }
      assert.equal((await attempts.updateNode?.(who.analyst as Caller))?.__typename, "NodePayload");
    });

    it("ADMIN manages members but cannot grant OWNER, touch an OWNER, or delete the workspace", async () => {
      assert.equal((await attempts.deleteWorkspace?.(who.admin as Caller))?.code, "FORBIDDEN");
      const grant = await api.gql(
        `mutation($m: ID!) { changeMemberRole(input: { membershipId: $m, role: OWNER }) { ${ERR} } }`,
        { m: who.readonly?.membershipId },
        who.admin,
      );
      assert.equal(grant.data.changeMemberRole.code, "FORBIDDEN");
      const demote = await api.gql(
        `mutation($m: ID!) { changeMemberRole(input: { membershipId: $m, role: READONLY }) { ${ERR} } }`,
        { m: ownerMembershipId },
        who.admin,
      );
      assert.equal(demote.data.changeMemberRole.code, "FORBIDDEN");
      assert.equal(
        (await attempts.changeMemberRole?.(who.admin as Caller))?.__typename,
        "MembershipPayload",
        "ADMIN may promote READONLY to ADMIN",
      );
    });

    it("the last OWNER can be neither demoted nor removed", async () => {
      const demote = await api.gql(
        `mutation($m: ID!) { changeMemberRole(input: { membershipId: $m, role: ADMIN }) { ${ERR} } }`,
        { m: ownerMembershipId },
        who.owner,
      );
      assert.equal(demote.data.changeMemberRole.code, "CONFLICT");
      const leave = await api.gql(
        `mutation($m: ID!) { removeMember(input: { membershipId: $m }) { ${ERR} } }`,
        { m: ownerMembershipId },
        who.owner,
      );
      assert.equal(leave.data.removeMember.code, "CONFLICT");
    });

    it("integration keys act only within their scopes and cannot be given credential powers", async () => {
      assert.equal((await attempts.createNode?.(who.integration as Caller))?.code, "FORBIDDEN");
      const nodes = await api.gql(
        `{ workspaces { edges { node { nodes { edges { node { name } } } } } } }`,
        {},
        who.integration,
      );
      assert.equal(nodes.data.workspaces.edges[0].node.nodes.edges.length, 1);
      const escalate = await api.gql(
        `mutation($w: ID!) { createApiKey(input: { workspaceId: $w, name: "x", scopes: ["apikey:manage", "node:read"] }) { __typename ... on ValidationError { fieldErrors { path message } } } }`,
        { w: ws },
        who.owner,
      );
      assert.deepEqual(escalate.data.createApiKey.fieldErrors, [
        { path: "input.scopes.0", message: '"apikey:manage" cannot be granted to an API key' },
      ]);
    });

    it("any member may leave", async () => {
      const leave = await api.gql(
        `mutation($m: ID!) { removeMember(input: { membershipId: $m }) { ${ERR} } }`,
        { m: who.analyst?.membershipId },
        who.analyst,
      );
      assert.equal(leave.data.removeMember.__typename, "RemoveMemberPayload");
      const gone = await api.gql(`{ workspace(slug: "roles") { id } }`, {}, who.analyst);
      assert.equal(gone.errors?.[0]?.extensions?.code, "NOT_FOUND");
    });

    it("only OWNER deletes the workspace", async () => {
      assert.equal(
        (await attempts.deleteWorkspace?.(who.owner as Caller))?.__typename,
        "DeleteWorkspacePayload",
      );
      assert.equal(
        await api.server.services.database.prisma.workspace.count({ where: { slug: "roles" } }),
        0,
      );
    });

    it("an MSP role carries down to customer workspaces, never up", async () => {
      const msp = await api.signup("msp-admin@example.com");
      const parent = await createWorkspace(api, msp, "msp");
      const child = await createWorkspace(api, msp, "customer-1", parent);
      const customer = await invite(api, msp, child, "customer@example.com", "ADMIN");
      await api.gql(
        `mutation($w: ID!) { createNode(input: { workspaceId: $w, name: "msp-core" }) { __typename } }`,
        { w: parent },
        msp,
      );
      const mspView = await api.gql(`{ workspaces { edges { node { slug viewerRole } } } }`, {}, msp);
      assert.deepEqual(mspView.data.workspaces.edges.map((e: any) => e.node.slug).sort(), [
        "customer-1",
        "msp",
      ]);
      const customerView = await api.gql(
        `{ workspace(slug: "customer-1") { parent { slug } } workspaces { edges { node { slug } } } }`,
        {},
        customer,
      );
      assert.equal(customerView.data.workspace.parent, null, "the customer does not see the MSP workspace");
      assert.deepEqual(
        customerView.data.workspaces.edges.map((e: any) => e.node.slug),
        ["customer-1"],
      );
      const mspNodes = await api.gql(
        `{ workspace(slug: "msp") { nodes { edges { node { name } } } } }`,
        {},
        customer,
      );
      assert.equal(mspNodes.errors?.[0]?.extensions?.code, "NOT_FOUND");
    });
  });
}
