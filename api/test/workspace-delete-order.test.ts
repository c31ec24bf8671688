import assert from "node:assert/strict";
import { describe, it } from "node:test";
import pg from "pg";
import { resolveStaleIncidents } from "../src/incidents/incident.jobs.ts";
import { createEnrollmentToken, enrollAgent, rawId } from "./fixtures.ts";
import { type Caller, createWorkspace, type TestApi, useTestApi } from "./harness.ts";
import { report, sample } from "./telemetry-client.ts";

const DELETE = `mutation($id: ID!) { deleteWorkspace(input: { workspaceId: $id }) {
  __typename ... on Error { code message } } }`;

/**
 * Deletions and the other writers of the rows they remove take their locks in one order, so
 * neither waits for the other while holding what the other needs (PostgreSQL would abort one).
 * Deleting a workspace: as every writer that audits a node's change (online-batch.ts, a
 * heartbeat, the offline sweep), the node rows first, the audit chain last. A node's deletion,
 * re-enrolment and the stale-incident sweep: the node first. A new node's enrolment: the
 * workspace row first. PostgreSQL only: PGlite has one connection.
 */
describe("deletions against the other writers of their rows (postgres)", () => {
  const api = useTestApi("postgres");

  it("a workspace's deletion waits for the node, then audits: the writer gets the chain and neither is aborted", async () => {
    const owner = await api.signup("delete-order@example.com");
    const { workspaceId, agent, nodeId, holder } = await nodeAndWriter(api, owner, "delete-order");
    try {
      // The writer's first step: its node's row (markOnline locks it FOR NO KEY UPDATE).
      await holder.query("BEGIN");
      await holder.query("SELECT id FROM node WHERE id = $1 FOR NO KEY UPDATE", [nodeId]);
      const deleted = api.gql(DELETE, { id: workspaceId }, owner);
      await blockedBy(api, holder);
      // Its second step: the workspace's audit chain. Free: the delete waits without holding it.
      await holder.query("SET LOCAL lock_timeout = '5s'");
      const [workspace] = (
        await holder.query<{ workspace_id: string }>("SELECT workspace_id FROM node WHERE id = $1", [nodeId])
      ).rows;
      await holder.query("SELECT pg_advisory_xact_lock(hashtextextended($1, 42))", [
        `ws:${workspace?.workspace_id}`,
      ]);
      await holder.query("COMMIT");
      const result = await deleted;
      assert.equal(
        result.data?.deleteWorkspace?.__typename,
        "DeleteWorkspacePayload",
        JSON.stringify(result),
      );
      const entries = await holder.query(
        "SELECT 1 FROM audit_log WHERE action = 'workspace.delete' AND chain = $1",
        [`ws:${workspace?.workspace_id}`],
      );
      assert.equal(entries.rowCount, 1, "the deletion is audited in the workspace's chain");
    } finally {
      await holder.end();
    }
  });

  it("a workspace's deletion runs again when PostgreSQL aborts it to end a deadlock with a writer of key, then node", async () => {
    const owner = await api.signup("delete-deadlock@example.com");
    // PostgreSQL looks for a deadlock once per wait, deadlock_timeout (1 s) after it began. The
    // writer's second wait is set off as soon as the deletion is seen waiting, so the deletion's
    // look finds the cycle and the deletion is aborted; should this machine be slower than that
    // second, the writer's own look (3 s) aborts the writer instead, and the case is tried again.
    for (let attempt = 1; ; attempt++) {
      const { workspaceId, nodeId, holder } = await nodeAndWriter(api, owner, `delete-deadlock-${attempt}`);
      try {
        await holder.query("BEGIN");
        await holder.query("SET LOCAL deadlock_timeout = '3s'");
        // The writer's first step: the node's key (deleteNode's order until it locked the node first).
        await holder.query("UPDATE api_key SET revoked_at = now() WHERE node_id = $1", [nodeId]);
        const deleted = api.gql(DELETE, { id: workspaceId }, owner);
        // The deletion holds the node and waits for the key.
        await blockedBy(api, holder);
        // Its second step: the node, which the deletion holds.
        const writer = await holder.query("DELETE FROM node WHERE id = $1", [nodeId]).then(
          () => "went on",
          (error: { code?: string }) => {
            if (error.code !== "40P01") throw error;
            return "aborted";
          },
        );
        if (writer === "aborted") {
          await holder.query("ROLLBACK");
          await deleted;
          if (attempt < 3) continue;
          assert.fail("the writer was the side aborted three times: its wait began too late each time");
        }
        await holder.query("COMMIT");
        const result = await deleted;
        assert.equal(
          result.data?.deleteWorkspace?.__typename,
          "DeleteWorkspacePayload",
          JSON.stringify(result),
        );
        const left = await holder.query("SELECT 1 FROM workspace WHERE id = $1", [rawId(workspaceId)]);
        assert.equal(left.rowCount, 0);
        return;
      } finally {
        await holder.end();
      }
    }
  });

  it("a node's deletion waits for its workspace's, then answers not found", async () => {
    const owner = await api.signup("delete-node-race@example.com");
    const { workspaceId, agent, nodeId, holder } = await nodeAndWriter(api, owner, "delete-node-race");
    try {
      // A workspace's deletion: its nodes first (workspace.service.ts), then the cascade.
      await holder.query("BEGIN");
      await holder.query("SELECT id FROM node WHERE id = $1 FOR UPDATE", [nodeId]);
      const deleted = api.gql(
        `mutation($id: ID!) { deleteNode(input: { nodeId: $id }) {
          __typename ... on Error { code message } } }`,
        { id: agent.nodeId },
        owner,
      );
      // The node's deletion waits for the node, holding nothing the workspace's needs.
      await blockedBy(api, holder);
      await holder.query("SET LOCAL lock_timeout = '5s'");
      await holder.query("UPDATE api_key SET revoked_at = now() WHERE node_id = $1", [nodeId]);
      await holder.query("DELETE FROM node WHERE id = $1", [nodeId]);
      await holder.query("COMMIT");
      const result = await deleted;
      assert.equal(result.data?.deleteNode?.code, "NOT_FOUND", JSON.stringify(result));
    } finally {
      await holder.end();
    }
  });

  it("a new node's enrolment waits for the workspace before taking the token: the deletion goes on, the enrolment is refused", async () => {
    const owner = await api.signup("enrol-delete@example.com");
    const workspaceId = await createWorkspace(api, owner, "enrol-delete");
    const token = await createEnrollmentToken(api, owner, workspaceId);
    const holder = await writer(api);
    try {
      // A workspace's deletion: the workspace row (the delete locks it), then the cascade to its
      // tokens. This connection finds a deadlock 10 ms into a wait, before the API's (1 s): were the
      // enrolment holding the token while it waited for the workspace, this side would be aborted.
      await holder.query("BEGIN");
      await holder.query("SET LOCAL deadlock_timeout = '10ms'");
      await holder.query("SET LOCAL lock_timeout = '5s'");
      await holder.query("SELECT id FROM workspace WHERE id = $1 FOR UPDATE", [rawId(workspaceId)]);
      const enrolled = api.gql(
        `mutation($input: EnrollAgentInput!) { enrollAgent(input: $input) {
          __typename ... on Error { code message } } }`,
        { input: { token, hostname: "edge-late", agentVersion: "1.0.0" } },
      );
      await blockedBy(api, holder);
      await holder.query("DELETE FROM workspace WHERE id = $1", [rawId(workspaceId)]);
      await holder.query("COMMIT");
      const result = await enrolled;
      assert.equal(result.data?.enrollAgent?.code, "UNAUTHENTICATED", JSON.stringify(result));
      const nodes = await holder.query("SELECT 1 FROM node WHERE workspace_id = $1", [rawId(workspaceId)]);
      assert.equal(nodes.rowCount, 0);
    } finally {
      await holder.end();
    }
  });

  it("the stale-incident sweep waits for the node before touching its incident: the deletion goes on, the sweep finds nothing", async () => {
    const owner = await api.signup("stale-delete@example.com");
    const { agent, nodeId, holder } = await nodeAndWriter(api, owner, "stale-delete");
    try {
      // An incident whose agent went silent (a retired node): what the sweep closes.
      const t = Date.now() - 900_000;
      const opened = await report(api, { token: agent.token }, [sample(t, 90_000), sample(t + 1000, 90_000)]);
      const incidentId = rawId(opened.detection.incidentId);
      await holder.query("UPDATE node SET last_seen_at = $2 WHERE id = $1", [nodeId, new Date(t + 2000)]);
      // A node's deletion: the node first (node.service.ts), then the cascade to its incidents.
      await holder.query("BEGIN");
      await holder.query("SET LOCAL lock_timeout = '5s'");
      await holder.query("SELECT id FROM node WHERE id = $1 FOR UPDATE", [nodeId]);
      const swept = resolveStaleIncidents(api.server.services);
      await blockedBy(api, holder);
      // The sweep waits for the node holding nothing of the node's, so the cascade goes on. (It
      // resolved the incident first, then waited for the node: PostgreSQL aborted one of the two.)
      await holder.query("DELETE FROM node WHERE id = $1", [nodeId]);
      await holder.query("COMMIT");
      assert.equal(await swept, 0, "the incident went with its node");
      const left = await holder.query("SELECT 1 FROM incident WHERE id = $1", [incidentId]);
      assert.equal(left.rowCount, 0);
    } finally {
      await holder.end();
    }
  });
});

/** A workspace with one enrolled node, and a connection of its own to play the other writer. */
async function nodeAndWriter(api: TestApi, owner: Caller, slug: string) {
  const workspaceId = await createWorkspace(api, owner, slug);
  const agent = await enrollAgent(api, await createEnrollmentToken(api, owner, workspaceId), "edge-1");
  return { workspaceId, agent, nodeId: rawId(agent.nodeId), holder: await writer(api) };
}

/** A connection of its own to the test database, to play the other writer. */
async function writer(api: TestApi) {
  const holder = new pg.Client({ connectionString: (api.config.database as { url: string }).url });
  await holder.connect();
  return holder;
}

/** Waits until a backend (the deletion) is blocked by `holder`, watched from a connection of its own. */
async function blockedBy(api: TestApi, holder: pg.Client) {
  // Inside the holder's transaction PostgreSQL would keep showing the list of backends as it was
  // at the first look.
  const watcher = new pg.Client({ connectionString: (api.config.database as { url: string }).url });
  await watcher.connect();
  try {
    const holderPid = (await holder.query<{ pid: number }>("SELECT pg_backend_pid() AS pid")).rows[0]?.pid;
    const deadline = Date.now() + 30_000;
    for (;;) {
      const { rows } = await watcher.query<{ n: number }>(
        "SELECT count(*)::int AS n FROM pg_stat_activity WHERE $1 = ANY(pg_blocking_pids(pid))",
        [holderPid],
      );
      if ((rows[0]?.n ?? 0) >= 1) return;
      if (Date.now() > deadline) assert.fail("the delete never waited for the holder");
      await new Promise((r) => setTimeout(r, 10));
    }
  } finally {
    await watcher.end();
  }
}
