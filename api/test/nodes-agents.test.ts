import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { decodeGlobalID } from "@pothos/plugin-relay";
import { markSilentNodesOffline } from "../src/nodes/node-status.ts";
import { engines } from "./databases.ts";
import { type Caller, createWorkspace, useTestApi } from "./harness.ts";

const CREATE_NODE = `mutation($input: CreateNodeInput!) { createNode(input: $input) {
  __typename ... on NodePayload { node { id name interface ownedPrefixes labels { key value } status } }
  ... on ValidationError { code fieldErrors { path message } } ... on Error { code message } } }`;
const ENROLL_TOKEN = `mutation($input: CreateEnrollmentTokenInput!) { createEnrollmentToken(input: $input) {
  __typename ... on CreateEnrollmentTokenPayload { token enrollmentToken { prefix } } ... on Error { code message } } }`;
const ENROLL = `mutation($input: EnrollAgentInput!) { enrollAgent(input: $input) {
  __typename ... on EnrollAgentPayload { agentKey node { id name hostname agentVersion enrolled } apiKey { kind prefix } }
  ... on Error { code message } } }`;
const HEARTBEAT = `mutation { agentHeartbeat(input: { agentVersion: "1.2.3" }) {
  __typename ... on NodePayload { node { name status lastSeenAt } } ... on Error { code message } } }`;

for (const engine of engines) {
  describe(`nodes, agents and audit on ${engine}`, () => {
    const api = useTestApi(engine);
    let owner: Caller;
    let workspaceId: string;

    it("creates a node with normalised settings and rejects bad ones with paths", async () => {
      owner = await api.signup("noc@example.com");
      workspaceId = await createWorkspace(api, owner, "hosting");
      const ok = await api.gql(
        CREATE_NODE,
        {
          input: {
            workspaceId,
            name: "fra-edge-01",
            interface: "eth0",
            ownedPrefixes: ["203.0.113.5", "2001:DB8::/48"],
            labels: [{ key: "region", value: "fra" }],
          },
        },
        owner,
      );
      assert.equal(ok.data.createNode.__typename, "NodePayload");
      assert.deepEqual(ok.data.createNode.node.ownedPrefixes, ["203.0.113.5/32", "2001:db8::/48"]);
      assert.equal(ok.data.createNode.node.status, "PENDING");

      const bad = await api.gql(
        CREATE_NODE,
        {
          input: { workspaceId, name: "x", ownedPrefixes: ["10.0.0.1/8", "nope"], interface: "eth0;reboot" },
        },
        owner,
      );
      assert.equal(bad.data.createNode.__typename, "ValidationError");
      assert.deepEqual(bad.data.createNode.fieldErrors.map((e: { path: string }) => e.path).sort(), [
        "input.interface",
        "input.ownedPrefixes.0",
        "input.ownedPrefixes.1",
      ]);
      const dup = await api.gql(CREATE_NODE, { input: { workspaceId, name: "fra-edge-01" } }, owner);
      assert.equal(dup.data.createNode.code, "CONFLICT");
      assert.equal(
        await api.server.services.database.prisma.node.count(),
        1,
        "nothing written by the failures",
      );
    });

    it("enrols an agent with a one-time token; the key works once and heartbeats bring the node ONLINE", async () => {
      const minted = await api.gql(ENROLL_TOKEN, { input: { workspaceId, expiresInMinutes: 5 } }, owner);
      const { token } = minted.data.createEnrollmentToken;
      assert.match(token, /^lve_/);
      const enrolled = await api.gql(ENROLL, {
        input: { token, hostname: "web-1.example.net", agentVersion: "1.0.0" },
      });
      assert.equal(enrolled.data.enrollAgent.__typename, "EnrollAgentPayload");
      const { agentKey, node, apiKey } = enrolled.data.enrollAgent;
      assert.equal(node.name, "web-1.example.net");
      assert.equal(node.enrolled, true);
      assert.equal(apiKey.kind, "AGENT");
      assert.ok(agentKey.startsWith(`${apiKey.prefix}_`));

      const reused = await api.gql(ENROLL, { input: { token, hostname: "other", agentVersion: "1.0.0" } });
      assert.equal(reused.data.enrollAgent.code, "UNAUTHENTICATED", "a token enrols once");

      const beat = await api.gql(HEARTBEAT, {}, { token: agentKey });
      assert.equal(beat.data.agentHeartbeat.node.status, "ONLINE");
      // A signed-in user is a valid credential of the wrong kind: FORBIDDEN, not "sign in again".
      const asUser = await api.gql(HEARTBEAT, {}, owner);
      assert.equal(asUser.data?.agentHeartbeat?.code, "FORBIDDEN", JSON.stringify(asUser));
      assert.match(asUser.data?.agentHeartbeat?.message, /agent key/, "only agent keys send heartbeats");
      const agentReads = await api.gql("{ workspaces { edges { node { id } } } }", {}, { token: agentKey });
      assert.deepEqual(agentReads.data.workspaces.edges, [], "an agent key reads no workspace data");

      // Silent past the offline window → OFFLINE, by the scheduled job's function.
      const { prisma } = api.server.services.database;
      await prisma.node.updateMany({
        where: { name: node.name },
        data: { lastSeenAt: new Date(Date.now() - 10 * 60_000) },
      });
      assert.equal(await markSilentNodesOffline(api.server.services), 1);
      assert.equal((await prisma.node.findFirstOrThrow({ where: { name: node.name } })).status, "OFFLINE");
    });

    it("a second host of an existing node's name is told how to enrol it as a new node, and the token still works", async () => {
      const minted = await api.gql(ENROLL_TOKEN, { input: { workspaceId, expiresInMinutes: 5 } }, owner);
      const { token } = minted.data.createEnrollmentToken;
      const clash = await api.gql(ENROLL, {
        input: { token, hostname: "web-1.example.net", agentVersion: "1.0.0" },
      });
      assert.equal(clash.data.enrollAgent.code, "CONFLICT");
      // Re-enrolling the existing node would revoke the other server's key: the new name comes first.
      assert.match(clash.data.enrollAgent.message, /another server.*--name/);
      const renamed = await api.gql(ENROLL, {
        input: { token, hostname: "web-1.example.net", agentVersion: "1.0.0", nodeName: "web-1b" },
      });
      assert.equal(renamed.data.enrollAgent.__typename, "EnrollAgentPayload", JSON.stringify(renamed));
      assert.equal(renamed.data.enrollAgent.node.name, "web-1b");
      await api.gql(
        `mutation($id: ID!) { deleteNode(input: { nodeId: $id }) { __typename } }`,
        { id: renamed.data.enrollAgent.node.id },
        owner,
      );
    });

    it("re-enrolling a node revokes its old key; deleting a node revokes its key", async () => {
      const nodeId = (
        await api.gql("{ workspaces { edges { node { nodes { edges { node { id name } } } } } } }", {}, owner)
      ).data.workspaces.edges[0].node.nodes.edges.find(
        (e: { node: { name: string } }) => e.node.name === "web-1.example.net",
      ).node.id;
      const first = await api.gql(ENROLL_TOKEN, { input: { workspaceId, nodeId } }, owner);
      const enrolled = await api.gql(ENROLL, {
        input: { token: first.data.createEnrollmentToken.token, hostname: "web-1b", agentVersion: "1.1.0" },
      });
      const newKey = enrolled.data.enrollAgent.agentKey;
      assert.equal(enrolled.data.enrollAgent.node.id, nodeId, "same node");
      const { prisma } = api.server.services.database;
      assert.equal(
        await prisma.apiKey.count({ where: { kind: "AGENT", revokedAt: null } }),
        1,
        "old key revoked",
      );
      const deleted = await api.gql(
        `mutation($id: ID!) { deleteNode(input: { nodeId: $id }) { __typename } }`,
        { id: nodeId },
        owner,
      );
      assert.equal(deleted.data.deleteNode.__typename, "DeleteNodePayload");
      const after = await api.gql(HEARTBEAT, {}, { token: newKey });
      assert.equal(after.status, 401);
      assert.match(after.errors?.[0]?.message ?? "", /revoked/);
    });

    it("records every change in a hash chain that verifies, and finds a tampered entry", async () => {
      const log = await api.gql(
        `query($w: ID!) { auditLog(workspaceId: $w, first: 50) { edges { node { seq action actor { type label } summary } } } }`,
        { w: workspaceId },
        owner,
      );
      const actions = log.data.auditLog.edges.map((e: { node: { action: string } }) => e.node.action);
      for (const expected of [
        "workspace.create",
        "node.create",
        "enrollment.create",
        "agent.enroll",
        "node.agent-online",
        "node.offline",
        "node.delete",
      ]) {
        assert.ok(actions.includes(expected), `missing ${expected} in ${actions}`);
      }
      const VERIFY = `query($w: ID!) { verifyAuditChain(workspaceId: $w) { valid entriesChecked firstBrokenLink { seq reason } } }`;
      const intact = await api.gql(VERIFY, { w: workspaceId }, owner);
      assert.equal(intact.data.verifyAuditChain.valid, true);
      assert.equal(intact.data.verifyAuditChain.entriesChecked, actions.length);

      const { prisma } = api.server.services.database;
      const id = decodeGlobalID(workspaceId).id;
      await prisma.auditLog.updateMany({
        where: { chain: `ws:${id}`, seq: 3 },
        data: { actorLabel: "someone else" },
      });
      const broken = await api.gql(VERIFY, { w: workspaceId }, owner);
      assert.deepEqual(broken.data.verifyAuditChain, {
        valid: false,
        entriesChecked: 2,
        firstBrokenLink: { seq: 3, reason: "hash-mismatch" },
      });
    });
  });
}
