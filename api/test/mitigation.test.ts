import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { engines } from "./databases.ts";
import { createEnrollmentToken, enrollAgent, mutate, mutateOk, rawId } from "./fixtures.ts";
import { createWorkspace, useTestApi } from "./harness.ts";
import { report, sample } from "./telemetry-client.ts";

// Node firewall mitigation through the API on both engines: host facts and the safelist feed
// the guardrails; a rule fires on an incident, the action reaches the agent in the
// reportTelemetry answer, the agent's reports land in the timeline and the audit chain, and
// resolution takes the action back.

const DIRECTIVES = `mutation($samples: [TelemetrySampleInput!]!) { reportTelemetry(samples: $samples) {
  ... on ReportTelemetryPayload { detection { incidentId } mitigation { id type slot params permanent expiresAt } } } }`;
const RESULTS = `mutation($host: FirewallHostInput, $reports: [MitigationReportInput!]!) {
  reportMitigationResults(host: $host, reports: $reports) { __typename ... on ReportMitigationResultsPayload { recorded } ... on Error { code message } } }`;
const ACTIONS = `query($w: ID!) { mitigationActions(workspaceId: $w) { id actionType state params warnings message packets
  events { kind commands { argv exitCode stderr } packets message } } }`;
const PREVIEW = `query($input: PreviewMitigationInput!) { previewMitigation(input: $input) {
  valid issues refused warnings apply { argv } undo { argv } } }`;

async function until<T>(probe: () => Promise<T | undefined>, what: string): Promise<T> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

for (const engine of engines) {
  describe(`node firewall mitigation (${engine})`, () => {
    const api = useTestApi(engine, { DETECTION_QUIET_SECONDS: "2" });

    it("guardrails, preview, rule trigger, delivery, agent reports, audit and undo on resolution", async () => {
      const owner = await api.signup(`mit-${engine}@example.com`);
      const workspaceId = await createWorkspace(api, owner, `mit-${engine}`);
      const agent = await enrollAgent(api, await createEnrollmentToken(api, owner, workspaceId), "mit-agent");
      const agentCaller = { token: agent.token };
      const host = {
        managementAddresses: ["203.0.113.10"],
        gateways: ["203.0.113.1"],
        apiAddresses: ["198.51.100.80"],
      };
      const hostResult = await api.gql(RESULTS, { host, reports: [] }, agentCaller);
      assert.equal(hostResult.data.reportMitigationResults.recorded, 0, JSON.stringify(hostResult));
      await mutateOk(
        api,
        owner,
        "setMitigationSafelist",
        { workspaceId, prefixes: ["192.0.2.0/28"] },
        "... on MitigationSafelistPayload { prefixes }",
      );

      const preview = (actionType: string, params: unknown) =>
        api
          .gql(PREVIEW, { input: { nodeId: agent.nodeId, actionType, params } }, owner)
          .then((r) => r.data.previewMitigation);
      const ok = await preview("NFT_DROP_SOURCES", { sources: ["198.51.100.7"] });
      assert.equal(ok.valid, true);
      assert.deepEqual(ok.apply[0].argv, ["nft", "add", "table", "inet", "levee"]);
      assert.ok(
        ok.undo.some((c: { argv: string[] }) =>
          c.argv.join(" ").startsWith("nft delete chain inet levee a_"),
        ),
      );
      const refused = await preview("NFT_DROP_PREFIXES", {
        prefixes: ["203.0.113.0/24", "192.0.2.0/24", "198.51.100.80"],
      });
      assert.equal(refused.valid, false);
      for (const what of ["management address", "gateway", "Levee API", "safelist"])
        assert.ok(
          refused.refused.some((r: string) => r.includes(what)),
          what,
        );
      assert.match(
        (await preview("NFT_DROP_SOURCES", { sources: ["$TOP_SOURCES"] })).issues.join(),
        /need an incident/,
      );
      // The dashboard previews a rule's template with the values rules are checked against on save.
      const template = await api
        .gql(
          PREVIEW,
          {
            input: {
              nodeId: agent.nodeId,
              actionType: "NFT_DROP_SOURCES",
              params: { sources: ["$TOP_SOURCES"] },
              exampleIncident: true,
            },
          },
          owner,
        )
        .then((r) => r.data.previewMitigation);
      // No "needs an incident" issue: $TOP_SOURCES became 192.0.2.1, which this workspace's safelist
      // (192.0.2.0/28) then refuses, exactly as saving the rule would.
      assert.deepEqual(template.issues, [], JSON.stringify(template));
      assert.ok(template.apply.some((c: { argv: string[] }) => c.argv.includes("192.0.2.1/32")));
      assert.match(template.refused.join(), /safelist/);
      // Every action type offers a valid example for forms to start from.
      const types = await api.gql("{ mitigationActionTypes { type example } }", {}, owner);
      for (const t of types.data.mitigationActionTypes) {
        const example = await preview(t.type, t.example);
        assert.deepEqual(example.issues, [], `${t.type}: ${JSON.stringify(example.issues)}`);
      }
      assert.match(
        (await preview("NFT_DROP_PROTOCOL", { protocol: "udp" })).warnings.join(),
        /all inbound UDP/,
      );
      assert.match(
        (await preview("NFT_DROP_SOURCES", { sources: ["1.2.3.4; reboot"] })).issues.join(),
        /not an IP/,
      );

      const rule = (input: Record<string, unknown>) =>
        mutate(
          api,
          owner,
          "createMitigationRule",
          { workspaceId, ttlSeconds: 600, trigger: "THRESHOLD", ...input },
          "... on MitigationRulePayload { rule { id } }",
        );
      const nodeRule = await rule({
        name: "drop amplifiers",
        nodeId: agent.nodeId,
        actionType: "NFT_DROP_SOURCE_PORTS",
        params: { protocol: "udp", ports: [53, 123] },
      });
      assert.equal(nodeRule.payload?.__typename, "MitigationRulePayload", JSON.stringify(nodeRule));
      const refusedAtSave = await rule({
        name: "too wide",
        nodeId: agent.nodeId,
        actionType: "NFT_DROP_PREFIXES",
        params: { prefixes: ["203.0.113.0/24"] },
      });
      assert.equal(refusedAtSave.payload?.code, "BAD_USER_INPUT");
      // Workspace-wide: no host to check at save time, so it is refused (and recorded) when it fires.
      await rule({ name: "wide", actionType: "NFT_DROP_PREFIXES", params: { prefixes: ["203.0.113.0/24"] } });

      const t0 = Date.now() - 20_000;
      const opened = await report(api, agentCaller, [sample(t0, 50_000)]);
      const incidentId = opened.detection.incidentId as string;
      assert.ok(incidentId);
      const actions = await until(async () => {
        const list = (await api.gql(ACTIONS, { w: workspaceId }, owner)).data.mitigationActions;
        return list.length === 2 ? list : undefined;
      }, "both rules to fire");
      const pending = actions.find((a: any) => a.state === "PENDING");
      const refusedAction = actions.find((a: any) => a.state === "REFUSED");
      assert.deepEqual(pending.params, { protocol: "udp", ports: [53, 123] });
      assert.match(refusedAction.message, /gateway/);
      assert.equal(pending.events[0].kind, "REQUESTED");
      assert.ok(
        pending.events[0].commands.some((c: any) => c.argv.includes("sport") && c.exitCode === null),
        "planned argv shown",
      );

      // The next push's answer carries the action (and only the wanted one).
      const answer = await api.gql(DIRECTIVES, { samples: [sample(t0 + 1000, 50_000)] }, agentCaller);
      const directives = answer.data.reportTelemetry.mitigation;
      assert.deepEqual(
        directives.map((d: any) => [d.id, d.type, JSON.parse(d.params)]),
        [[rawId(pending.id), "NFT_DROP_SOURCE_PORTS", { protocol: "udp", ports: [53, 123] }]],
      );

      const applied = { argv: ["nft", "add", "table", "inet", "levee"], exitCode: 0, stderr: "" };
      const reported = await api.gql(
        RESULTS,
        {
          reports: [
            {
              actionId: directives[0].id,
              kind: "APPLIED",
              ok: true,
              commands: [applied],
              packets: 0,
              bytes: 0,
            },
          ],
        },
        agentCaller,
      );
      assert.equal(reported.data.reportMitigationResults.recorded, 1);
      // Another node's agent cannot report on this action.
      const other = await enrollAgent(
        api,
        await createEnrollmentToken(api, owner, workspaceId),
        "other-agent",
      );
      const foreign = await api.gql(
        RESULTS,
        { reports: [{ actionId: directives[0].id, kind: "UNDONE", ok: true, commands: [] }] },
        { token: other.token },
      );
      assert.equal(foreign.data.reportMitigationResults.recorded, 0);

      // Quiet seconds resolve the incident: the action is withdrawn from the next answer.
      await report(
        api,
        agentCaller,
        [1, 2, 3, 4].map((s) => sample(t0 + 1000 + s * 1000, 10)),
      );
      const withdrawn = await until(async () => {
        const list = (await api.gql(ACTIONS, { w: workspaceId }, owner)).data.mitigationActions;
        return list.find((a: any) => a.id === pending.id && a.state === "UNDO_PENDING");
      }, "undo on resolution");
      assert.ok(withdrawn);
      const after = await api.gql(DIRECTIVES, { samples: [sample(t0 + 6000, 10)] }, agentCaller);
      assert.deepEqual(after.data.reportTelemetry.mitigation, []);
      const undo = {
        argv: ["nft", "delete", "chain", "inet", "levee", `a_${directives[0].id}`],
        exitCode: 0,
        stderr: "",
      };
      await api.gql(
        RESULTS,
        {
          reports: [
            {
              actionId: directives[0].id,
              kind: "UNDONE",
              ok: true,
              reason: "withdrawn",
              commands: [undo],
              packets: 1234,
              bytes: 98_765,
            },
          ],
        },
        agentCaller,
      );

      const timeline = await api.gql(
        `query($id: ID!) { node(id: $id) { ... on Incident { mitigationTimeline { kind packets commands { argv exitCode } } } } }`,
        { id: incidentId },
        owner,
      );
      const kinds = timeline.data.node.mitigationTimeline.map((e: any) => e.kind);
      assert.deepEqual(
        kinds.filter((k: string) => k !== "REFUSED"),
        ["REQUESTED", "APPLIED", "UNDO_REQUESTED", "UNDONE"],
      );
      const undone = timeline.data.node.mitigationTimeline.at(-1);
      assert.equal(undone.packets, 1234);
      assert.deepEqual(undone.commands[0], { argv: undo.argv, exitCode: 0 });

      const audit = await api.server.services.database.prisma.auditLog.findMany({
        where: { workspaceId: rawId(workspaceId), action: { startsWith: "mitigation" } },
        orderBy: { seq: "asc" },
      });
      assert.deepEqual(audit.map((e) => e.action).sort(), [
        "mitigation-rule.create",
        "mitigation-rule.create",
        "mitigation.applied",
        "mitigation.refused",
        "mitigation.safelist",
        "mitigation.trigger",
        "mitigation.undo",
        "mitigation.undone",
      ]);
      const undoneEntry = audit.find((e) => e.action === "mitigation.undone");
      const summary = undoneEntry?.summary as any;
      assert.deepEqual(summary.commands[0].argv, undo.argv);
      assert.equal(summary.packets, 1234);
      const chain = await api.gql(
        "query($w: ID!) { verifyAuditChain(workspaceId: $w) { valid } }",
        { w: workspaceId },
        owner,
      );
      assert.equal(chain.data.verifyAuditChain.valid, true);
    });

    it("a rule created or enabled during an attack fires on the open incident, once", async () => {
      const owner = await api.signup(`late-${engine}@example.com`);
      const workspaceId = await createWorkspace(api, owner, `late-${engine}`);
      const agent = await enrollAgent(
        api,
        await createEnrollmentToken(api, owner, workspaceId),
        "late-agent",
      );
      const agentCaller = { token: agent.token };
      const t0 = Date.now() - 20_000;
      const incidentId = (await report(api, agentCaller, [sample(t0, 50_000)])).detection
        .incidentId as string;
      assert.ok(incidentId);
      const actionsNow = async () =>
        (await api.gql(ACTIONS, { w: workspaceId }, owner)).data.mitigationActions;
      assert.deepEqual(await actionsNow(), []);

      const createRule = (name: string, enabled: boolean) =>
        mutate(
          api,
          owner,
          "createMitigationRule",
          {
            workspaceId,
            name,
            nodeId: agent.nodeId,
            actionType: "NFT_DROP_SOURCE_PORTS",
            params: { protocol: "udp", ports: [53] },
            trigger: "THRESHOLD",
            ttlSeconds: 600,
            enabled,
          },
          "... on MitigationRulePayload { rule { id } }",
        ).then((r) => r.payload?.rule?.id as string);
      // Created while the incident is open: the answer comes back with the action already there.
      await createRule("during the flood", true);
      const fired = await actionsNow();
      assert.equal(fired.length, 1, JSON.stringify(fired));
      assert.equal(fired[0].state, "PENDING");
      // A disabled rule does nothing until it is enabled; then it fires on the same incident.
      const later = await createRule("kept off", false);
      assert.equal((await actionsNow()).length, 1);
      await mutateOk(api, owner, "updateMitigationRule", { ruleId: later, enabled: true }, "__typename");
      assert.equal((await actionsNow()).length, 2);
      // Changing a rule that already fired on the incident does not fire it again.
      await mutateOk(api, owner, "updateMitigationRule", { ruleId: later, ttlSeconds: 900 }, "__typename");
      assert.equal((await actionsNow()).length, 2);

      // Resolved: a rule created afterwards has no open incident to fire on.
      await report(
        api,
        agentCaller,
        [1, 2, 3, 4].map((s) => sample(t0 + s * 1000, 10)),
      );
      await until(async () => {
        const list = await actionsNow();
        return list.every((a: any) => a.state === "UNDO_PENDING") ? list : undefined;
      }, "undo on resolution");
      await createRule("after the flood", true);
      assert.equal((await actionsNow()).length, 2);
    });

    it("manual runs: refused outright, or saved with a TTL and undone by an operator", async () => {
      const owner = await api.signup(`run-${engine}@example.com`);
      const workspaceId = await createWorkspace(api, owner, `run-${engine}`);
      const agent = await enrollAgent(api, await createEnrollmentToken(api, owner, workspaceId), "run-agent");
      await api.gql(
        RESULTS,
        { host: { managementAddresses: ["203.0.113.10"], gateways: [], apiAddresses: [] }, reports: [] },
        { token: agent.token },
      );
      const run = (params: unknown, ttlSeconds = 300) =>
        mutate(
          api,
          owner,
          "runMitigation",
          { nodeId: agent.nodeId, actionType: "IPT_DROP_SOURCES", params, ttlSeconds },
          "... on MitigationActionPayload { action { id state expiresAt } }",
        );
      assert.match((await run({ sources: ["203.0.113.10"] })).payload?.message, /management address/);
      assert.equal((await run({ sources: ["198.51.100.1"] }, 5)).payload?.code, "BAD_USER_INPUT");
      assert.equal((await run({ sources: ["198.51.100.1", "-j ACCEPT"] })).payload?.code, "BAD_USER_INPUT");
      const created = await run({ sources: ["198.51.100.1"] });
      assert.equal(created.payload?.action.state, "PENDING");
      const undone = await mutateOk(
        api,
        owner,
        "undoMitigation",
        { actionId: created.payload?.action.id },
        "... on MitigationActionPayload { action { state } }",
      );
      assert.equal(undone.action.state, "UNDO_PENDING");
      const types = await api.gql("{ mitigationActionTypes { type backend } }", {}, owner);
      assert.ok(types.data.mitigationActionTypes.length >= 24);
    });
  });
}
