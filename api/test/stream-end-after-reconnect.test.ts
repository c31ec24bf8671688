// Pub/sub is at most once: a `workspaceDeleted`, `nodeDeleted` or `credentialsChanged` published
// while this process's Redis subscriber connection was down was lost, and the quiet streams it
// would have ended stayed open for ever. Now, once the connection is back (and its SUBSCRIBEs in
// place), every open stream reads again what the set-up reads (the credential, the roles, the
// node), and graphql-ws every socket's credential: those whose subject went meanwhile end.
// The subscriber connection is cut by a TCP link between the API and the real Redis (the
// publisher's stays up), the deletions are made while it is down, and the link is restored.
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, before, describe, it } from "node:test";
import { testRedisDatabase, testRedisUrl } from "./databases.ts";
import { createIntegrationKey, createNode, mutateOk, rawId, sseSubscription } from "./fixtures.ts";
import { type Caller, createWorkspace, PASSWORD, sessionCookieOf, useTestApi } from "./harness.ts";
import { RedisLink } from "./support/redis-link.ts";
import { subscribe, subscriptionsLive } from "./ws-client.ts";

const NODE_EVENTS = "subscription($w: ID!) { nodeEvents(workspaceId: $w) { kind nodeId } }";
const TRAFFIC = "subscription($n: ID!) { trafficUpdated(nodeId: $n) { nodeId } }";
const FOLLOW = "subscription($ids: [ID!]!) { nodesTrafficUpdated(nodeIds: $ids) { nodeId } }";
/** How long a stream is waited for after the link is restored (none ended before the fix). */
const GIVE_UP_MS = 15_000;
/** The link's port: in this checkout's range (h3: 4300-4399), known before the API starts. */
const LINK_PORT = 4391;
/** This checkout's Redis database (h3). */
const REDIS_DB = 3;

/** What `settled` settled with, or null when it had not within GIVE_UP_MS. */
function endOf<T>(settled: Promise<T>) {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    settled.then(
      (value) => ({ value, error: undefined }),
      (error: Error) => ({ value: undefined, error }),
    ),
    new Promise<null>((resolve) => {
      timer = setTimeout(resolve, GIVE_UP_MS, null);
    }),
  ]).finally(() => clearTimeout(timer));
}

describe("quiet streams whose end was announced while the Redis subscriber was down end once it is back", () => {
  const link = new RedisLink(testRedisDatabase(REDIS_DB));
  before(() => link.listen(LINK_PORT));
  const linked = new URL(testRedisUrl);
  linked.port = String(LINK_PORT);
  linked.pathname = `/${REDIS_DB}`;
  const api = useTestApi("pglite", { REDIS_URL: linked.toString() });
  after(() => link.close());
  let base: string;
  let ws: string;

  before(async () => {
    const { port } = await api.server.listen(0, "127.0.0.1");
    base = `http://127.0.0.1:${port}`;
    ws = `ws://127.0.0.1:${port}/graphql`;
  });

  it("a workspace and a node deleted, a key revoked and a session ended meanwhile: their streams end; others go on", async () => {
    // Of this run only: sign-in attempts are counted per account in Redis, which outlives the run.
    const email = `reconnect-${randomUUID()}@example.com`;
    const owner = await api.signup(email);
    const doomed = await createWorkspace(api, owner, "reconnect-doomed");
    const kept = await createWorkspace(api, owner, "reconnect-kept");
    const nodeId = await createNode(api, owner, kept, "reconnect-node");
    const key = await createIntegrationKey(api, owner, kept, ["node:read"]);
    const signedIn = await api.gql(`mutation($input: LoginInput!) { login(input: $input) { __typename } }`, {
      input: { email, password: PASSWORD },
    });
    const otherBrowser: Caller = { cookie: sessionCookieOf(signedIn.cookies) };

    const bearer = (caller: Caller) => ({ authorization: `Bearer ${caller.cookie ?? caller.token}` });
    const keyCaller: Caller = { token: key.token };
    // Each gone subject's streams, over SSE and graphql-ws.
    const sse = {
      workspace: await sseSubscription(base, owner, NODE_EVENTS, { w: doomed }),
      node: await sseSubscription(base, owner, TRAFFIC, { n: nodeId }),
      key: await sseSubscription(base, keyCaller, NODE_EVENTS, { w: kept }),
      session: await sseSubscription(base, otherBrowser, NODE_EVENTS, { w: kept }),
    };
    const sockets = {
      workspace: subscribe(ws, NODE_EVENTS, { w: doomed }, bearer(owner)),
      node: subscribe(ws, FOLLOW, { ids: [nodeId] }, bearer(owner)),
      key: subscribe(ws, NODE_EVENTS, { w: kept }, bearer(keyCaller)),
      session: subscribe(ws, NODE_EVENTS, { w: kept }, bearer(otherBrowser)),
    };
    const bystander = subscribe(ws, NODE_EVENTS, { w: kept }, bearer(owner));
    try {
      await subscriptionsLive(base, 5);
      await api.server.services.pubsub.subscribed();
      const sseEnds = Object.entries(sse).map(
        async ([what, stream]) => [what, await endOf(stream.next(GIVE_UP_MS * 4))] as const,
      );

      await link.cut("levee:pubsub:subscribe");
      await mutateOk(
        api,
        owner,
        "deleteWorkspace",
        { workspaceId: doomed },
        "... on DeleteWorkspacePayload { __typename }",
      );
      await mutateOk(api, owner, "deleteNode", { nodeId }, "... on DeleteNodePayload { __typename }");
      await mutateOk(api, owner, "revokeApiKey", { apiKeyId: key.id }, "... on ApiKeyPayload { __typename }");
      const out = await api.gql("mutation { logout }", {}, otherBrowser);
      assert.equal(out.data?.logout, true, JSON.stringify(out));
      link.restore();

      for (const [what, ended] of await Promise.all(sseEnds)) {
        assert.ok(
          ended,
          `the ${what} SSE stream was still open ${GIVE_UP_MS} ms after the link was restored`,
        );
        assert.match(String(ended.error?.message), /stream ended without an event: event: complete/, what);
      }
      // The deleted workspace's and node's subscriptions complete (their socket goes on); the
      // revoked key's and the ended session's sockets are closed 4403.
      for (const what of ["workspace", "node"] as const) {
        const ended = await endOf(sockets[what].completed);
        assert.ok(
          ended,
          `the ${what} subscription was still streaming ${GIVE_UP_MS} ms after the link was restored`,
        );
        assert.equal(sockets[what].errors.length, 0, `${what}: ${JSON.stringify(sockets[what].errors)}`);
      }
      for (const [what, reason] of [
        ["key", "API key revoked"],
        ["session", "Session ended"],
      ] as const) {
        const closed = await endOf(sockets[what].closed as Promise<{ code: number; reason: string }>);
        assert.ok(closed, `the ${what} socket was still open ${GIVE_UP_MS} ms after the link was restored`);
        assert.equal(closed.value?.code, 4403, what);
        assert.equal(closed.value?.reason, reason);
      }

      // Nothing else ended: the owner's stream of the kept workspace hears what is published now.
      api.server.services.pubsub.publish("nodeEvents", rawId(kept), {
        kind: "UPDATED",
        nodeId: "n",
        name: "n",
        at: new Date().toISOString(),
      });
      await bystander.waitFor(1, GIVE_UP_MS);
      assert.equal(bystander.errors.length, 0);
    } finally {
      link.restore();
      for (const stream of Object.values(sse)) stream.close();
      await Promise.all([...Object.values(sockets), bystander].map((socket) => socket.dispose()));
    }
  });
});
