// A node's own subscription (trafficUpdated) went on forever once the node was deleted: nothing
// would ever be published on it again, and nothing told the client. The deletion is announced
// through pub/sub (nodeDeleted; a workspace's, workspaceDeleted, for its workspace-wide streams)
// and the stream completes — over graphql-ws and SSE, with the
// in-process pub/sub and with Redis; across processes: multi-instance.test.ts.
import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import { testRedisDatabase } from "./databases.ts";
import { createIntegrationKey, createNode, rawId, sseSubscription } from "./fixtures.ts";
import { type Caller, createWorkspace, useTestApi } from "./harness.ts";
import { waitFor } from "./support/job-queue.contract.ts";
import { subscribe, subscriptionsLive } from "./ws-client.ts";

const TRAFFIC = "subscription($n: ID!) { trafficUpdated(nodeId: $n) { rxPps } }";

/** Resolves true once `done` settles, false after `ms` (a stream that never ends). */
const within = (done: Promise<unknown>, ms: number) =>
  Promise.race([done.then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), ms).unref())]);

for (const mode of ["in-process", "redis"] as const) {
  describe(`a deleted node's trafficUpdated completes (pglite, ${mode} pub/sub)`, () => {
    // Its own Redis database: another suite's job workers must not take this API's jobs.
    const api = useTestApi("pglite", mode === "redis" ? { REDIS_URL: testRedisDatabase(10) } : {});
    let base: string;
    let ws: string;
    let owner: Caller;
    let workspaceId: string;
    let key: string;
    let live = 0;

    before(async () => {
      const address = await api.server.listen(0, "127.0.0.1");
      base = `http://127.0.0.1:${address.port}`;
      ws = `ws://127.0.0.1:${address.port}/graphql`;
      owner = await api.signup(`deleted-node-${mode}@example.com`);
      workspaceId = await createWorkspace(api, owner, `deleted-node-${mode}`);
      key = (await createIntegrationKey(api, owner, workspaceId, ["node:read", "node:delete"])).token;
    });

    const deleteNode = async (nodeId: string) => {
      const result = await api.gql(
        "mutation($n: ID!) { deleteNode(input: { nodeId: $n }) { __typename } }",
        { n: nodeId },
        { token: key },
      );
      assert.equal(result.data?.deleteNode?.__typename, "DeleteNodePayload", JSON.stringify(result));
    };

    it("over graphql-ws (an API key's socket): complete, no error; subscribing again is NOT_FOUND", async () => {
      const nodeId = await createNode(api, owner, workspaceId, "doomed-ws");
      const bystanderId = await createNode(api, owner, workspaceId, "bystander");
      const params = { authorization: `Bearer ${key}` };
      const doomed = subscribe(ws, TRAFFIC, { n: nodeId }, params);
      const bystander = subscribe(ws, TRAFFIC, { n: bystanderId }, params);
      await Promise.all([doomed.connected, bystander.connected]);
      live += 2;
      await subscriptionsLive(base, live);
      await deleteNode(nodeId);
      assert.ok(await within(doomed.completed, 10_000), "still streaming 10 s after its node was deleted");
      live -= 1;
      assert.deepEqual(doomed.errors, []);
      assert.equal(await within(bystander.completed, 300), false, "another node's stream goes on");
      const again = await doomed.another(TRAFFIC, { n: nodeId });
      assert.match(JSON.stringify(again), /NOT_FOUND/);
      await Promise.all([doomed.dispose(), bystander.dispose()]);
      live -= 1;
    });

    it("over SSE: the event stream ends", async () => {
      const nodeId = await createNode(api, owner, workspaceId, "doomed-sse");
      const stream = await sseSubscription(base, { token: key }, TRAFFIC, { n: nodeId });
      try {
        // SSE has no acknowledgement: the node is watched once the subscription is live (its
        // deletion listener is in place before that), then deleted. A fixed 300 ms pause raced the
        // subscription's set-up on a loaded machine.
        const { watch } = api.server.services.telemetry;
        await waitFor(() => watch.isWatched(rawId(nodeId)));
        const ended = stream.next(30_000);
        await deleteNode(nodeId);
        await assert.rejects(ended, /stream ended without an event/);
      } finally {
        stream.close();
      }
    });

    it("with its workspace: every node's stream and the workspace's own streams complete", async () => {
      const doomedWorkspace = await createWorkspace(api, owner, `doomed-${mode}`);
      const nodeId = await createNode(api, owner, doomedWorkspace, "with-workspace");
      const sub = subscribe(ws, TRAFFIC, { n: nodeId }, { authorization: `Bearer ${owner.cookie}` });
      // A workspace-wide stream: before, it waited for ever on a workspace that was gone.
      const events = subscribe(
        ws,
        "subscription($w: ID!) { nodeEvents(workspaceId: $w) { kind } }",
        { w: doomedWorkspace },
        { authorization: `Bearer ${owner.cookie}` },
      );
      await Promise.all([sub.connected, events.connected]);
      live += 2;
      await subscriptionsLive(base, live);
      const result = await api.gql(
        "mutation($w: ID!) { deleteWorkspace(input: { workspaceId: $w }) { __typename } }",
        { w: doomedWorkspace },
        owner,
      );
      assert.equal(
        result.data?.deleteWorkspace?.__typename,
        "DeleteWorkspacePayload",
        JSON.stringify(result),
      );
      assert.ok(await within(sub.completed, 10_000), "still streaming 10 s after its workspace was deleted");
      assert.ok(
        await within(events.completed, 10_000),
        "nodeEvents still open 10 s after its workspace was deleted",
      );
      assert.deepEqual([...sub.errors, ...events.errors], []);
      await Promise.all([sub.dispose(), events.dispose()]);
      live -= 2;
    });
  });
}
