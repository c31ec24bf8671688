// A page of node cards follows its nodes' traffic in one subscription (nodesTrafficUpdated): a
// trafficUpdated per card was 40 operations per Nodes page view against the request rate limit, and
// a viewer clicking on within a second or two was refused RATE_LIMITED. The one subscription keeps
// what the per-node one does: only watched nodes are published (traffic-watch.ts), a deleted node
// ends (here: drops out, and the last one ends the stream), a deleted workspace ends it — over
// graphql-ws and SSE, with the in-process pub/sub and with Redis. Tenant isolation:
// tenant-isolation.test.ts.
import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import { testRedisDatabase } from "./databases.ts";
import {
  createEnrollmentToken,
  createIntegrationKey,
  enrollAgent,
  rawId,
  sseSubscription,
} from "./fixtures.ts";
import { type Caller, createWorkspace, type TestApi, useTestApi } from "./harness.ts";
import { waitFor } from "./support/job-queue.contract.ts";
import { report, sample } from "./telemetry-client.ts";
import { subscribe, subscriptionsLive } from "./ws-client.ts";

const FOLLOW = "subscription($ids: [ID!]!) { nodesTrafficUpdated(nodeIds: $ids) { nodeId rxPps } }";

/** Resolves true once `done` settles, false after `ms` (a stream that never ends). */
const within = (done: Promise<unknown>, ms: number) =>
  Promise.race([done.then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), ms).unref())]);

type Agent = Awaited<ReturnType<typeof enrollAgent>>;

/** Each call a second later than the last: samples are idempotent on (node, ts). */
let lastSecond = Date.now() - 60_000;
const sendSecond = async (api: TestApi, agent: Agent, pps: number) => {
  lastSecond += 1000;
  assert.equal((await report(api, agent, [sample(lastSecond, pps)])).accepted, 1);
};

for (const mode of ["in-process", "redis"] as const) {
  describe(`nodesTrafficUpdated (pglite, ${mode} pub/sub)`, () => {
    // Its own Redis database: another suite's job workers must not take this API's jobs.
    const api = useTestApi("pglite", mode === "redis" ? { REDIS_URL: testRedisDatabase(14) } : {});
    let base: string;
    let ws: string;
    let owner: Caller;
    let workspaceId: string;
    let key: string;
    let live = 0;
    const agentIn = async (workspace: string, name: string) =>
      enrollAgent(api, await createEnrollmentToken(api, owner, workspace), name);

    before(async () => {
      const address = await api.server.listen(0, "127.0.0.1");
      base = `http://127.0.0.1:${address.port}`;
      ws = `ws://127.0.0.1:${address.port}/graphql`;
      owner = await api.signup(`follow-traffic-${mode}@example.com`);
      workspaceId = await createWorkspace(api, owner, `follow-traffic-${mode}`);
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

    it("carries every followed node's seconds, each naming its node, and only theirs; each node watched while followed", async () => {
      const [one, two, other] = [
        await agentIn(workspaceId, `one-${mode}`),
        await agentIn(workspaceId, `two-${mode}`),
        await agentIn(workspaceId, `other-${mode}`),
      ] as [Agent, Agent, Agent];
      const { watch } = api.server.services.telemetry;
      const stream = subscribe(
        ws,
        FOLLOW,
        { ids: [one.nodeId, two.nodeId] },
        { authorization: `Bearer ${owner.cookie}` },
      );
      await stream.connected;
      live += 1;
      await subscriptionsLive(base, live);
      await waitFor(() => watch.isWatched(rawId(one.nodeId)) && watch.isWatched(rawId(two.nodeId)));
      assert.ok(!watch.isWatched(rawId(other.nodeId)), "a node no one follows is not watched");
      await sendSecond(api, other, 7);
      await sendSecond(api, one, 100);
      await sendSecond(api, two, 200);
      await sendSecond(api, one, 101);
      const updates = (await stream.waitFor(3)).map((u) => u.data.nodesTrafficUpdated);
      assert.deepEqual(updates, [
        { nodeId: one.nodeId, rxPps: 100 },
        { nodeId: two.nodeId, rxPps: 200 },
        { nodeId: one.nodeId, rxPps: 101 },
      ]);
      await stream.dispose();
      live -= 1;
      // With Redis the shared entry lapses only at its `until` (a ttl): the local count is what ends.
      if (mode === "in-process")
        await waitFor(() => !watch.isWatched(rawId(one.nodeId)) && !watch.isWatched(rawId(two.nodeId)));
    });

    it("a deleted node drops out and the others go on; the last one's deletion completes the stream (graphql-ws)", async () => {
      const doomed = await agentIn(workspaceId, `doomed-${mode}`);
      const stays = await agentIn(workspaceId, `stays-${mode}`);
      const stream = subscribe(
        ws,
        FOLLOW,
        { ids: [doomed.nodeId, stays.nodeId] },
        { authorization: `Bearer ${key}` },
      );
      await stream.connected;
      live += 1;
      await subscriptionsLive(base, live);
      await deleteNode(doomed.nodeId);
      assert.equal(await within(stream.completed, 300), false, "a node left: the stream goes on");
      await sendSecond(api, stays, 300);
      const [update] = await stream.waitFor(1);
      assert.deepEqual(update.data.nodesTrafficUpdated, { nodeId: stays.nodeId, rxPps: 300 });
      await deleteNode(stays.nodeId);
      assert.ok(
        await within(stream.completed, 10_000),
        "still streaming 10 s after its last node was deleted",
      );
      live -= 1;
      assert.deepEqual(stream.errors, []);
      // A page naming a deleted node is refused whole, as trafficUpdated of it is.
      const again = await stream.another(FOLLOW, { ids: [doomed.nodeId] });
      assert.match(JSON.stringify(again), /NOT_FOUND/);
      await stream.dispose();
    });

    it("over SSE: its nodes' seconds, and the event stream ends with its last node", async () => {
      const node = await agentIn(workspaceId, `sse-${mode}`);
      const stream = await sseSubscription(base, { token: key }, FOLLOW, { ids: [node.nodeId] });
      try {
        // SSE has no acknowledgement: the node is watched once the subscription is live.
        const { watch } = api.server.services.telemetry;
        await waitFor(() => watch.isWatched(rawId(node.nodeId)));
        await sendSecond(api, node, 42);
        assert.deepEqual((await stream.next(10_000)).data?.nodesTrafficUpdated, {
          nodeId: node.nodeId,
          rxPps: 42,
        });
        const ended = stream.next(10_000);
        await deleteNode(node.nodeId);
        await assert.rejects(ended, /stream ended without an event/);
      } finally {
        stream.close();
      }
    });

    it("follows nodes of several workspaces (an MSP's customers); a deleted workspace ends its nodes' part, the last one the stream", async () => {
      const [first, second] = [
        await createWorkspace(api, owner, `first-customer-${mode}`, workspaceId),
        await createWorkspace(api, owner, `second-customer-${mode}`, workspaceId),
      ];
      const a = await agentIn(first, `first-${mode}`);
      const b = await agentIn(second, `second-${mode}`);
      const stream = subscribe(
        ws,
        FOLLOW,
        { ids: [a.nodeId, b.nodeId] },
        { authorization: `Bearer ${owner.cookie}` },
      );
      await stream.connected;
      live += 1;
      await subscriptionsLive(base, live);
      const deleteWorkspace = async (id: string) => {
        const result = await api.gql(
          "mutation($w: ID!) { deleteWorkspace(input: { workspaceId: $w }) { __typename } }",
          { w: id },
          owner,
        );
        assert.equal(
          result.data?.deleteWorkspace?.__typename,
          "DeleteWorkspacePayload",
          JSON.stringify(result),
        );
      };
      await sendSecond(api, a, 1);
      await stream.waitFor(1);
      await deleteWorkspace(first);
      assert.equal(await within(stream.completed, 300), false, "the other workspace's node goes on");
      await sendSecond(api, b, 2);
      const updates = (await stream.waitFor(2)).map((u) => u.data.nodesTrafficUpdated);
      assert.deepEqual(updates, [
        { nodeId: a.nodeId, rxPps: 1 },
        { nodeId: b.nodeId, rxPps: 2 },
      ]);
      await deleteWorkspace(second);
      assert.ok(
        await within(stream.completed, 10_000),
        "still streaming 10 s after its workspaces were deleted",
      );
      live -= 1;
      assert.deepEqual(stream.errors, []);
      await stream.dispose();
    });
  });
}

describe("nodesTrafficUpdated refusals", () => {
  const api = useTestApi("pglite");
  let base: string;
  let ws: string;
  let owner: Caller;
  let nodeId: string;

  before(async () => {
    const { port } = await api.server.listen(0, "127.0.0.1");
    base = `http://127.0.0.1:${port}`;
    ws = `ws://127.0.0.1:${port}/graphql`;
    owner = await api.signup("follow-refusals@example.com");
    const workspaceId = await createWorkspace(api, owner, "follow-refusals");
    nodeId = (await enrollAgent(api, await createEnrollmentToken(api, owner, workspaceId), "refusals"))
      .nodeId;
  });

  const firstAnswer = async (caller: Caller, ids: string[]) => {
    const stream = await sseSubscription(base, caller, FOLLOW, { ids });
    try {
      return await stream.next(30_000);
    } finally {
      stream.close();
    }
  };

  it("follows at most 50 nodes (BAD_USER_INPUT, naming the bound)", async () => {
    const answer = await firstAnswer(
      owner,
      Array.from({ length: 51 }, () => nodeId),
    );
    assert.equal(answer.errors?.[0]?.extensions?.code, "BAD_USER_INPUT", JSON.stringify(answer));
    assert.match(answer.errors?.[0]?.message ?? "", /at most 50/);
  });

  // It completed at once, with no error: a page whose card list came out empty looked live.
  it("an empty list is refused (BAD_USER_INPUT), over SSE and graphql-ws, not a stream that completes at once", async () => {
    const answer = await firstAnswer(owner, []);
    assert.equal(answer.errors?.[0]?.extensions?.code, "BAD_USER_INPUT", JSON.stringify(answer));
    assert.match(answer.errors?.[0]?.message ?? "", /nodeIds: must list at least one node/);
    const socket = subscribe(ws, FOLLOW, { ids: [] }, { authorization: `Bearer ${owner.cookie}` });
    try {
      // graphql-ws answers a subscription's refusal as one `next` carrying the errors, then `complete`.
      await socket.completed;
      const [answer] = socket.events as { errors?: { extensions?: { code?: string } }[] }[];
      assert.equal(answer?.errors?.[0]?.extensions?.code, "BAD_USER_INPUT", JSON.stringify(socket.events));
    } finally {
      await socket.dispose();
    }
  });

  it("a missing node beside a real one refuses the whole (NOT_FOUND), and nothing is watched", async () => {
    const missing = Buffer.from(`MonitoredNode:${crypto.randomUUID()}`).toString("base64");
    const answer = await firstAnswer(owner, [nodeId, missing]);
    assert.equal(answer.errors?.[0]?.extensions?.code, "NOT_FOUND", JSON.stringify(answer));
    assert.ok(!api.server.services.telemetry.watch.isWatched(rawId(nodeId)));
  });

  it("without a credential: UNAUTHENTICATED for a real node and a missing one alike", async () => {
    const missing = Buffer.from(`MonitoredNode:${crypto.randomUUID()}`).toString("base64");
    for (const ids of [[nodeId], [missing]]) {
      const answer = await firstAnswer({}, ids);
      assert.equal(answer.errors?.[0]?.extensions?.code, "UNAUTHENTICATED", JSON.stringify(answer));
    }
  });

  it("trafficUpdated without a credential: UNAUTHENTICATED for a real node and a missing one alike", async () => {
    const missing = Buffer.from(`MonitoredNode:${crypto.randomUUID()}`).toString("base64");
    for (const id of [nodeId, missing]) {
      const stream = await sseSubscription(
        base,
        {},
        "subscription ($id: ID!) { trafficUpdated(nodeId: $id) { nodeId } }",
        { id },
      );
      try {
        const answer = await stream.next(30_000);
        assert.equal(answer.errors?.[0]?.extensions?.code, "UNAUTHENTICATED", JSON.stringify(answer));
      } finally {
        stream.close();
      }
    }
  });
});
