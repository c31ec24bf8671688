import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { engines } from "./databases.ts";
import { type Caller, createWorkspace, useTestApi } from "./harness.ts";

const ENROLL_TOKEN = `mutation($input: CreateEnrollmentTokenInput!) { createEnrollmentToken(input: $input) {
  __typename ... on CreateEnrollmentTokenPayload { token } ... on Error { code message } } }`;
const ENROLL = `mutation($input: EnrollAgentInput!) { enrollAgent(input: $input) {
  __typename ... on EnrollAgentPayload { agentKey node { id interface sampledInterface interfaceProblem interfacePinned } }
  ... on ValidationError { fieldErrors { path message } } ... on Error { code message } } }`;
const HEARTBEAT = `mutation($input: AgentHeartbeatInput!) { agentHeartbeat(input: $input) {
  __typename ... on NodePayload { node { interface sampledInterface interfaceProblem interfacePinned } }
  ... on Error { code message } } }`;
const UPDATE = `mutation($input: UpdateNodeInput!) { updateNode(input: $input) {
  __typename ... on NodePayload { node { name interface } }
  ... on ValidationError { fieldErrors { path message } } ... on Error { code message } } }`;

for (const engine of engines) {
  describe(`a node's interface: the setting the agent follows and what it reports, on ${engine}`, () => {
    const api = useTestApi(engine);
    let owner: Caller;
    let workspaceId: string;
    let agentKey: string;
    let nodeId: string;
    const token = async (forNode?: string) =>
      (await api.gql(ENROLL_TOKEN, { input: { workspaceId, nodeId: forNode } }, owner)).data
        .createEnrollmentToken.token as string;
    const beat = async (input: Record<string, unknown>) =>
      (await api.gql(HEARTBEAT, { input: { agentVersion: "1.0.0", ...input } }, { token: agentKey })).data
        .agentHeartbeat;

    it("enrolment records the interface the agent was enrolled with, validated like updateNode's", async () => {
      owner = await api.signup("noc@example.com");
      workspaceId = await createWorkspace(api, owner, "hosting");
      const minted = await token();
      const bad = await api.gql(ENROLL, {
        input: { token: minted, hostname: "edge-1", agentVersion: "1.0.0", interface: "eth0;reboot" },
      });
      assert.deepEqual(
        bad.data.enrollAgent.fieldErrors.map((e: { path: string }) => e.path),
        ["input.interface"],
      );
      const enrolled = await api.gql(ENROLL, {
        input: { token: minted, hostname: "edge-1", agentVersion: "1.0.0", interface: "lv-v" },
      });
      assert.equal(enrolled.data.enrollAgent.__typename, "EnrollAgentPayload", "the refusal kept the token");
      ({ agentKey } = enrolled.data.enrollAgent);
      nodeId = enrolled.data.enrollAgent.node.id;
      assert.deepEqual(enrolled.data.enrollAgent.node, {
        id: nodeId,
        interface: "lv-v",
        sampledInterface: null,
        interfaceProblem: null,
        interfacePinned: false,
      });
    });

    it("the heartbeat stores what the agent samples and answers with the setting it follows", async () => {
      assert.deepEqual((await beat({ interface: "lv-v" })).node, {
        interface: "lv-v",
        sampledInterface: "lv-v",
        interfaceProblem: null,
        interfacePinned: false,
      });
      const edited = await api.gql(UPDATE, { input: { nodeId, interface: "eth9" } }, owner);
      assert.equal(edited.data.updateNode.node.interface, "eth9");
      const refused = await beat({ interface: "lv-v", interfaceProblem: "eth9 does not exist on this host" });
      assert.deepEqual(refused.node, {
        interface: "eth9",
        sampledInterface: "lv-v",
        interfaceProblem: "eth9 does not exist on this host",
        interfacePinned: false,
      });
      // An agent too old to report its interface leaves what was reported as it is.
      assert.equal((await beat({})).node.interfaceProblem, "eth9 does not exist on this host");
      assert.equal((await beat({ interface: "eth0; reboot" })).code, "BAD_USER_INPUT");
      assert.equal((await beat({ interface: "../eth0" })).code, "BAD_USER_INPUT");
      // A name the kernel allows but a setting may not be typed in ("+", "#") is still reported.
      assert.equal((await beat({ interface: "br+lan#1" })).node.sampledInterface, "br+lan#1");
      assert.equal((await beat({ interface: "eth1" })).node.interfaceProblem, null, "followed: no problem");
    });

    it("an agent that pins its interface locally makes the setting read-only; the rest stays editable", async () => {
      assert.equal((await beat({ interface: "eth1", interfacePinned: true })).node.interfacePinned, true);
      const refused = await api.gql(UPDATE, { input: { nodeId, interface: "eth2" } }, owner);
      assert.equal(refused.data.updateNode.fieldErrors[0].path, "input.interface");
      assert.match(refused.data.updateNode.fieldErrors[0].message, /pins it to eth1/);
      const renamed = await api.gql(
        UPDATE,
        { input: { nodeId, name: "edge-one", interface: "eth9" } },
        owner,
      );
      assert.deepEqual(
        renamed.data.updateNode.node,
        { name: "edge-one", interface: "eth9" },
        "sent as it is",
      );
    });

    it("re-enrolling without --interface keeps the setting and forgets the old agent's report", async () => {
      const again = await api.gql(ENROLL, {
        input: { token: await token(nodeId), hostname: "edge-1", agentVersion: "1.1.0" },
      });
      assert.deepEqual(again.data.enrollAgent.node, {
        id: nodeId,
        interface: "eth9",
        sampledInterface: null,
        interfaceProblem: null,
        interfacePinned: false,
      });
    });
  });
}
