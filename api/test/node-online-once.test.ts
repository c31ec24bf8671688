import assert from "node:assert/strict";
import { describe, it } from "node:test";
import pg from "pg";
import { OnlineBatch } from "../src/detection/online-batch.ts";
import { createEnrollmentToken, enrollAgent, rawId } from "./fixtures.ts";
import { createWorkspace, useTestApi } from "./harness.ts";

const HEARTBEAT = `mutation { agentHeartbeat(input: { agentVersion: "1.0.0" }) {
  __typename ... on NodePayload { node { status } } ... on Error { code message } } }`;

/**
 * An agent's heartbeat and its telemetry (online-batch.ts) can both find its node OFFLINE and
 * store it ONLINE at the same moment: the transition is audited once, by whichever stored it
 * (both read the node again under its row lock). PostgreSQL only: PGlite has one connection.
 */
describe("a node coming online by heartbeat and telemetry at once (postgres)", () => {
  const api = useTestApi("postgres");
  /** An enrolled node stored with `status`, its agent, and its workspace's raw id. */
  const enrolledNode = async (name: string, status: "ONLINE" | "OFFLINE") => {
    const owner = await api.signup(`${name}@example.com`);
    const workspaceId = await createWorkspace(api, owner, name);
    const agent = await enrollAgent(
      api,
      await createEnrollmentToken(api, owner, workspaceId),
      `${name}-edge`,
    );
    const nodeId = rawId(agent.nodeId);
    const { sql } = api.server.services.database;
    const [row] = await sql.query<{ workspace_id: string }>(
      "UPDATE node SET status = $2 WHERE id = $1 RETURNING workspace_id",
      [nodeId, status],
    );
    return { agent, nodeId, workspace: row?.workspace_id as string, sql };
  };

  it("audits the transition once", async () => {
    const { agent, nodeId, workspace, sql } = await enrolledNode("online-once", "OFFLINE");
    const comingOnline = async () =>
      (
        await sql.query<{ summary: { before?: { status: string }; nodes?: { before: string }[] } }>(
          "SELECT summary FROM audit_log WHERE action = 'node.agent-online' AND chain = $1",
          [`ws:${workspace}`],
        )
      ).filter(
        ({ summary }) =>
          summary.before?.status === "OFFLINE" || summary.nodes?.some((n) => n.before === "OFFLINE"),
      );
    const holder = new pg.Client({ connectionString: (api.config.database as { url: string }).url });
    await holder.connect();
    const waiting = async (count: number) => {
      const deadline = Date.now() + 30_000;
      for (;;) {
        if (Date.now() > deadline) assert.fail(`${count} writers never waited for the held row`);
        // Inside a transaction PostgreSQL keeps the list of backends as first read: read it anew.
        await holder.query("SELECT pg_stat_clear_snapshot()");
        const { rows } = await holder.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`,
        );
        if ((rows[0]?.n ?? 0) >= count) return;
        await new Promise((r) => setTimeout(r, 10));
      }
    };
    try {
      await holder.query("BEGIN");
      await holder.query("SELECT id FROM node WHERE id = $1 FOR NO KEY UPDATE", [nodeId]);
      // Telemetry first in the row's queue, then the heartbeat that read OFFLINE before it.
      const batch = new OnlineBatch(api.server.services);
      const admitted = batch.admit(nodeId, workspace);
      await waiting(1);
      const beat = api.gql(HEARTBEAT, {}, { token: agent.token });
      await waiting(2);
      await holder.query("COMMIT");
      assert.equal(await admitted, true, "telemetry stored the transition");
      assert.equal((await beat).data.agentHeartbeat.node.status, "ONLINE");
    } finally {
      await holder.end();
    }
    assert.equal((await comingOnline()).length, 1, "one entry for OFFLINE → ONLINE");
  });

  it("a heartbeat that found its node ONLINE, stored OFFLINE by the sweep meanwhile, audits its coming back", async () => {
    const { agent, nodeId, workspace, sql } = await enrolledNode("online-back", "ONLINE");
    // The sweep, mid-transaction: the node stored OFFLINE, not committed yet.
    const sweep = new pg.Client({ connectionString: (api.config.database as { url: string }).url });
    await sweep.connect();
    try {
      await sweep.query("BEGIN");
      await sweep.query("UPDATE node SET status = 'OFFLINE' WHERE id = $1", [nodeId]);
      // The heartbeat reads ONLINE (the sweep's change is not committed) and waits for the row.
      const beat = api.gql(HEARTBEAT, {}, { token: agent.token });
      const deadline = Date.now() + 30_000;
      for (;;) {
        if (Date.now() > deadline) assert.fail("the heartbeat never waited for the row");
        await sweep.query("SELECT pg_stat_clear_snapshot()"); // the list of backends anew
        const { rows } = await sweep.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`,
        );
        if ((rows[0]?.n ?? 0) >= 1) break;
        await new Promise((r) => setTimeout(r, 10));
      }
      await sweep.query("COMMIT");
      assert.equal((await beat).data.agentHeartbeat.node.status, "ONLINE");
    } finally {
      await sweep.end();
    }
    const back = await sql.query<{ summary: { before?: { status: string } } }>(
      "SELECT summary FROM audit_log WHERE action = 'node.agent-online' AND chain = $1",
      [`ws:${workspace}`],
    );
    assert.deepEqual(
      back.map((r) => r.summary.before?.status),
      ["OFFLINE"],
      "coming back from OFFLINE is audited",
    );
  });
});
