// Pub/sub is at most once: a `workspaceDeleted`, `nodeDeleted` or `credentialsChanged` published
// after a subscriber's access was read but before its SUBSCRIBE to that topic was in place (with
// Redis: before Redis had it; in-process: before the listener was added) was never heard, and the
// stream stayed open for ever on a workspace, node or key that was gone. Each case here makes that
// order certain: the caller's access is read, the object is deleted, its announcement is delivered
// in this process (seen by a listener of the test's), and only then is the stream set up.
import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import { authenticate } from "../src/auth/authenticate.ts";
import { subscribeInWorkspace } from "../src/auth/live-access.ts";
import { buildContext, type GraphQLContext } from "../src/context.ts";
import { idOf } from "../src/global-id.ts";
import { endSignalOf } from "../src/pubsub/ends-when.ts";
import { testRedisDatabase } from "./databases.ts";
import { createIntegrationKey, createNode } from "./fixtures.ts";
import { type Caller, createWorkspace, useTestApi } from "./harness.ts";

/** "ended" once the stream completes, "open" while it has not after `ms`. */
async function endsWithin(stream: AsyncGenerator<unknown>, ms: number): Promise<"ended" | "open" | "event"> {
  let timer: NodeJS.Timeout | undefined;
  const outcome = await Promise.race([
    stream.next().then((step) => (step.done ? "ended" : "event")),
    new Promise<"open">((resolve) => {
      timer = setTimeout(resolve, ms, "open");
    }),
  ]);
  clearTimeout(timer);
  return outcome as "ended" | "open" | "event";
}

for (const mode of ["in-process", "redis"] as const) {
  describe(`a stream whose end was announced while it was set up ends at once (pglite, ${mode} pub/sub)`, () => {
    const api = useTestApi("pglite", mode === "redis" ? { REDIS_URL: testRedisDatabase(15) } : {});
    let owner: Caller & { userId: string };

    before(async () => {
      owner = await api.signup(`end-race-${mode}@example.com`);
    });

    /** The context a subscription of `token`'s holder is set up with (the credential read now). */
    const contextOf = async (token: string): Promise<GraphQLContext> => {
      const { services } = api.server;
      const principal = await authenticate(
        services.database.prisma,
        { authorization: `Bearer ${token}` },
        services.keyCache,
      );
      return buildContext(services, principal, { ip: "127.0.0.1", userAgent: "end-race" });
    };

    /**
     * Resolves once this process has been handed the next announcement on the topic: a stream
     * subscribing after that cannot hear it (nor, with Redis, catch it on its way).
     */
    const announced = async (
      ...topic: ["workspaceDeleted" | "nodeDeleted", string] | ["credentialsChanged"]
    ) => {
      const { pubsub } = api.server.services;
      const events = (pubsub.subscribe as (...args: unknown[]) => AsyncIterableIterator<unknown>)(...topic);
      const delivered = events.next().then(() => events.return?.());
      await pubsub.subscribed();
      // In an object: an async function's returned promise would be awaited with it.
      return { delivered };
    };

    const mutate = async (mutation: string, variables: Record<string, unknown>, caller: Caller) => {
      const result = await api.gql(mutation, variables, caller);
      assert.equal(result.errors, undefined, JSON.stringify(result));
      return result;
    };

    it("a workspace deleted after the caller's access was read", async () => {
      const workspace = await createWorkspace(api, owner, `race-ws-${mode}`);
      const workspaceId = idOf(workspace, "Workspace");
      const ctx = await contextOf(owner.cookie as string);
      // The access check, as subscribeInWorkspace makes it (its answer is kept by ctx.access).
      await ctx.access.require(workspaceId, "node:read");
      const gone = await announced("workspaceDeleted", workspaceId);
      await mutate(
        "mutation($w: ID!) { deleteWorkspace(input: { workspaceId: $w }) { __typename } }",
        { w: workspace },
        owner,
      );
      await gone.delivered;
      const stream = await subscribeInWorkspace(ctx, "nodeEvents", workspaceId, workspaceId, "node:read");
      // Before: still open after any wait (nothing will be published on the workspace again).
      assert.equal(await endsWithin(stream, 10_000), "ended");
    });

    it("a node deleted after trafficUpdated read it", async () => {
      const workspace = await createWorkspace(api, owner, `race-node-${mode}`);
      const workspaceId = idOf(workspace, "Workspace");
      const node = await createNode(api, owner, workspace, "doomed");
      const nodeId = idOf(node, "MonitoredNode");
      const ctx = await contextOf(owner.cookie as string);
      // trafficUpdated's read of the node found it (its workspace is what it subscribes in); then:
      const gone = await announced("nodeDeleted", nodeId);
      await mutate(
        "mutation($n: ID!) { deleteNode(input: { nodeId: $n }) { __typename } }",
        { n: node },
        owner,
      );
      await gone.delivered;
      const deleted = endSignalOf(ctx.pubsub.subscribe("nodeDeleted", nodeId));
      const stream = await subscribeInWorkspace(
        ctx,
        "trafficUpdated",
        nodeId,
        workspaceId,
        "node:read",
        "node",
        {
          deleted,
          exists: async () => (await ctx.db.node.count({ where: { id: nodeId } })) > 0,
        },
      );
      assert.equal(await endsWithin(stream, 10_000), "ended");
    });

    it("a key revoked after it was read", async () => {
      const workspace = await createWorkspace(api, owner, `race-key-${mode}`);
      const workspaceId = idOf(workspace, "Workspace");
      const key = await createIntegrationKey(api, owner, workspace, ["node:read"]);
      const ctx = await contextOf(key.token);
      const gone = await announced("credentialsChanged");
      await mutate(
        "mutation($id: ID!) { revokeApiKey(input: { apiKeyId: $id }) { __typename } }",
        { id: key.id },
        owner,
      );
      await gone.delivered;
      const stream = await subscribeInWorkspace(ctx, "nodeEvents", workspaceId, workspaceId, "node:read");
      assert.equal(await endsWithin(stream, 10_000), "ended");
    });

    it("a stream whose workspace, node and key are all still there stays open and streams", async () => {
      const workspace = await createWorkspace(api, owner, `race-none-${mode}`);
      const workspaceId = idOf(workspace, "Workspace");
      const key = await createIntegrationKey(api, owner, workspace, ["node:read"]);
      const ctx = await contextOf(key.token);
      const stream = await subscribeInWorkspace(ctx, "nodeEvents", workspaceId, workspaceId, "node:read");
      try {
        let settled = false;
        const first = stream.next().finally(() => {
          settled = true;
        });
        // The re-check has had time to run (it follows one Redis round trip and a few reads).
        await new Promise((resolve) => setTimeout(resolve, 1_000));
        // Published until the stream hears one: its SUBSCRIBE goes out on the first next(), and on
        // a loaded machine it could still be on its way after that second (the one event was lost
        // and the test waited for ever).
        for (const giveUpAt = Date.now() + 30_000; !settled; ) {
          assert.ok(Date.now() < giveUpAt, "no event reached the open stream in 30 s");
          api.server.services.pubsub.publish("nodeEvents", workspaceId, {
            kind: "UPDATED",
            nodeId: "n",
            name: "n",
            at: new Date().toISOString(),
          });
          await Promise.race([first.catch(() => {}), new Promise((resolve) => setTimeout(resolve, 250))]);
        }
        const step = await first;
        assert.equal(step.done, false, "the stream ended although nothing was gone");
      } finally {
        await stream.return(undefined);
      }
    });
  });
}
