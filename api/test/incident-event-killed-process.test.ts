// A real API process (PostgreSQL, in-process queue) SIGKILLed while its incidents.event job for an
// OPENED is in flight: the job lived in that process's memory only. The next process's outbox relay
// queues the event again, and mitigation acts on the incident once. Without the outbox the event
// is lost: no action, ever.
import assert from "node:assert/strict";
import { after, describe, test } from "node:test";
import pg from "pg";
import { ApiProcess, waitFor } from "../../agent/test/support/api-process.ts";
import { rawId } from "./fixtures.ts";
import { REPORT, sample } from "./telemetry-client.ts";

const ENROLL = `mutation($input: EnrollAgentInput!) { enrollAgent(input: $input) {
  ... on EnrollAgentPayload { node { id } agentKey } ... on Error { code message } } }`;
const RULE = `mutation($input: CreateMitigationRuleInput!) { createMitigationRule(input: $input) {
  __typename ... on Error { code message } } }`;

describe("an incident event whose job died with its API process (postgres)", () => {
  let api: ApiProcess | undefined;
  after(() => api?.destroy());

  test("is handled after the restart: the mitigation rule fires once", { timeout: 300_000 }, async () => {
    api = await ApiProcess.create({}, "postgres");
    await api.start();
    const { token, cookie, workspaceId } = await api.enrollmentToken();
    const enrolled = await api.gql(ENROLL, { input: { token, hostname: "killed-1", agentVersion: "1.0.0" } });
    const agent = enrolled.body.data?.enrollAgent;
    assert.ok(agent?.agentKey, JSON.stringify(enrolled.body));
    // Workspace-wide: it fires on any node's incident, as one recorded action.
    const rule = await api.gql(
      RULE,
      {
        input: {
          workspaceId,
          name: "wide",
          trigger: "THRESHOLD",
          ttlSeconds: 600,
          actionType: "NFT_DROP_PREFIXES",
          params: { prefixes: ["203.0.113.0/24"] },
        },
      },
      { cookie },
    );
    assert.equal(
      rule.body.data?.createMitigationRule?.__typename,
      "MitigationRulePayload",
      JSON.stringify(rule.body),
    );

    // The firewall consumer reads the rules: while this transaction holds them, the OPENED job
    // waits in that read, in flight, and the kill catches it there (not a moment chosen by a clock).
    const holder = new pg.Client({ connectionString: api.databaseUrl });
    await holder.connect();
    try {
      await holder.query("BEGIN");
      await holder.query("LOCK TABLE mitigation_rule IN ACCESS EXCLUSIVE MODE");
      const t = Date.now() - 60_000;
      const report = (samples: unknown[]) => api?.gql(REPORT, { samples }, { token: agent.agentKey });
      await report([sample(t, 1000)]);
      const flood = await report([sample(t + 1000, 400_000)]);
      const incidentId = flood?.body.data?.reportTelemetry?.detection?.incidentId as string;
      assert.ok(incidentId, JSON.stringify(flood?.body));
      await waitFor(
        async () => {
          const { rows } = await holder.query<{ n: string }>(
            `SELECT count(*) AS n FROM pg_locks WHERE relation = 'mitigation_rule'::regclass AND NOT granted`,
          );
          return Number(rows[0]?.n) > 0;
        },
        30_000,
        "the OPENED job waiting on the rules",
      );
      await api.kill("SIGKILL");
      await holder.query("ROLLBACK");

      const kept = await api.query<{ kind: string; incident_id: string }>(
        "SELECT kind, incident_id FROM incident_event_outbox",
      );
      assert.deepEqual(kept, [{ kind: "OPENED", incident_id: rawId(incidentId) }]);
      assert.equal((await api.query("SELECT id FROM mitigation_action")).length, 0);

      // The next process: its relay (at start, then every few seconds) queues the row again.
      await api.start();
      await waitFor(
        async () => (await api?.query("SELECT id FROM incident_event_outbox"))?.length === 0,
        60_000,
        "the outbox emptied by the restarted process",
      );
      const actions = await api.query<{ incident_id: string }>("SELECT incident_id FROM mitigation_action");
      assert.deepEqual(actions, [{ incident_id: rawId(incidentId) }]);
    } finally {
      await holder.end();
    }
  });
});
