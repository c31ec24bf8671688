// A graphql-ws subscription authenticated with an API key used to stream on after the key was
// revoked or expired: the credential was re-checked only before the socket's next operation and
// before an event went out, so a quiet subscription kept its socket (and its key's place) open.
// Now the socket is closed with 4403 as soon as the revocation is announced, or the key expires.
import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import { createWorkspace, type TestApi, useTestApi } from "../harness.ts";
import { subscribe, subscriptionsLive } from "../ws-client.ts";

const NODE_EVENTS = "subscription($w: ID!) { nodeEvents(workspaceId: $w) { kind nodeId } }";

async function createKey(api: TestApi, cookie: string, workspaceId: string, expiresAt?: Date) {
  const result = await api.gql(
    `mutation($input: CreateApiKeyInput!) { createApiKey(input: $input) {
       __typename ... on CreateApiKeyPayload { secret apiKey { id } } ... on Error { message } } }`,
    { input: { workspaceId, name: "watcher", scopes: ["node:read"], expiresAt } },
    { cookie },
  );
  const created = result.data?.createApiKey;
  assert.equal(created?.__typename, "CreateApiKeyPayload", JSON.stringify(result));
  return { secret: created.secret as string, id: created.apiKey.id as string };
}

/** How long until `closed` settles, or null when it has not within `withinMs`. */
async function closedWithin(closed: Promise<{ code: number }>, withinMs: number) {
  const started = Date.now();
  const outcome = await Promise.race([
    closed,
    new Promise<null>((resolve) => setTimeout(() => resolve(null), withinMs)),
  ]);
  return outcome ? { code: outcome.code, afterMs: Date.now() - started } : null;
}

describe("graphql-ws sockets of revoked or expired API keys", () => {
  const api = useTestApi("pglite");
  let ws: string;
  let base: string;
  let cookie: string;
  let workspaceId: string;
  before(async () => {
    const { port } = await api.server.listen(0, "127.0.0.1");
    ws = `ws://127.0.0.1:${port}/graphql`;
    base = `http://127.0.0.1:${port}`;
    cookie = (await api.signup("owner@example.com")).cookie as string;
    workspaceId = await createWorkspace(api, { cookie }, "revoked");
  });

  it("a revoked key's quiet subscription is closed (4403) at once", async () => {
    const key = await createKey(api, cookie, workspaceId);
    const other = await createKey(api, cookie, workspaceId);
    const watcher = subscribe(ws, NODE_EVENTS, { w: workspaceId }, { authorization: `Bearer ${key.secret}` });
    const bystander = subscribe(
      ws,
      NODE_EVENTS,
      { w: workspaceId },
      { authorization: `Bearer ${other.secret}` },
    );
    await Promise.all([watcher.connected, bystander.connected]);
    await subscriptionsLive(base, 2);
    const revoked = await api.gql(
      "mutation($id: ID!) { revokeApiKey(input: { apiKeyId: $id }) { __typename } }",
      { id: key.id },
      { cookie },
    );
    assert.equal(revoked.data?.revokeApiKey?.__typename, "ApiKeyPayload", JSON.stringify(revoked));
    // Before the fix a quiet subscription was never closed; the margin is for a loaded runner.
    const closed = await closedWithin(watcher.closed, 10_000);
    assert.ok(closed, "the revoked key's socket is still open 10 s after the revocation");
    assert.equal(closed.code, 4403);
    assert.equal(await closedWithin(bystander.closed, 500), null, "another key's socket stays open");
    await Promise.all([watcher.dispose(), bystander.dispose()]);
  });

  it("a revoked key's subscription is not completed before its socket closes: the client hears why", async () => {
    // It was completed first (a `complete` each, then the close): a client's subscription ended as
    // a deleted node's trafficUpdated does, with no error, and a graphql-ws client that lost
    // every subscription need not even wait for the close. As for an expiring key or a session.
    const key = await createKey(api, cookie, workspaceId);
    const watcher = subscribe(ws, NODE_EVENTS, { w: workspaceId }, { authorization: `Bearer ${key.secret}` });
    await watcher.connected;
    await subscriptionsLive(base, 1);
    await api.gql(
      "mutation($id: ID!) { revokeApiKey(input: { apiKeyId: $id }) { __typename } }",
      { id: key.id },
      { cookie },
    );
    const closed = await closedWithin(watcher.closed, 10_000);
    assert.equal(closed?.code, 4403);
    await watcher.completed;
    assert.deepEqual(
      watcher.errors.map((e) => [(e as { code?: number }).code, (e as { reason?: string }).reason]),
      [[4403, "API key revoked"]],
      "the subscription ended without the close's code and reason",
    );
    await watcher.dispose();
  });

  it("an expiring key's subscription is closed (4403) when the key expires, not before", async () => {
    // Far enough ahead that creating the key and subscribing finish first on a loaded runner.
    const expiresAt = new Date(Date.now() + 10_000);
    const key = await createKey(api, cookie, workspaceId, expiresAt);
    const watcher = subscribe(ws, NODE_EVENTS, { w: workspaceId }, { authorization: `Bearer ${key.secret}` });
    await watcher.connected;
    await subscriptionsLive(base, 1);
    assert.ok(Date.now() < expiresAt.getTime(), "subscribed only after the key had expired");
    const closed = await closedWithin(watcher.closed, expiresAt.getTime() - Date.now() + 10_000);
    assert.ok(closed, "the expired key's socket is still open 10 s after it expired");
    assert.equal(closed.code, 4403);
    assert.ok(Date.now() >= expiresAt.getTime() - 50, "closed before the key expired");
    await watcher.dispose();
  });
});
