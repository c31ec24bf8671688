// Subscriptions over server-sent events (graphql-yoga serves them on POST /graphql with
// `Accept: text/event-stream`) take an API key as HTTP does, with the checks graphql-ws makes:
// the key's scopes and workspace, and a revocation ends the stream at once (graphql-ws closes the
// key's socket at once; over SSE a quiet stream went on, and events still came for up to 5 s).
import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import { createIntegrationKey, createNode, sseSubscription } from "./fixtures.ts";
import { type Caller, createWorkspace, useTestApi } from "./harness.ts";
import { subscribe } from "./ws-client.ts";

const NODE_EVENTS = "subscription($w: ID!) { nodeEvents(workspaceId: $w) { kind nodeId } }";

describe("subscriptions over SSE with an API key (pglite)", () => {
  const api = useTestApi("pglite");
  let base: string;
  let owner: Caller;
  let workspaceId: string;
  let nodeId: string;

  before(async () => {
    base = `http://127.0.0.1:${(await api.server.listen(0, "127.0.0.1")).port}`;
    owner = await api.signup("sse@example.com");
    workspaceId = await createWorkspace(api, owner, "sse");
    nodeId = await createNode(api, owner, workspaceId, "sse-1");
  });

  const rename = async (name: string) => {
    const result = await api.gql(
      "mutation($n: ID!, $name: String) { updateNode(input: { nodeId: $n, name: $name }) { __typename } }",
      { n: nodeId, name },
      owner,
    );
    assert.equal(result.data?.updateNode?.__typename, "NodePayload", JSON.stringify(result));
  };

  it("streams a key's events, with the key in the Authorization header", async () => {
    const key = (await createIntegrationKey(api, owner, workspaceId, ["node:read"])).token;
    const stream = await sseSubscription(base, { token: key }, NODE_EVENTS, { w: workspaceId });
    try {
      // SSE has no acknowledgement: renamed until the stream, live by then, carries an event.
      const first = stream.next(15_000);
      let arrived = false;
      void first.finally(() => {
        arrived = true;
      });
      for (let i = 0; i < 50 && !arrived; i++) {
        await rename(`sse-${i}`);
        await new Promise((r) => setTimeout(r, 200));
      }
      assert.deepEqual((await first).data?.nodeEvents, { kind: "UPDATED", nodeId });
    } finally {
      stream.close();
    }
  });

  it("refuses what graphql-ws refuses, with the same codes: a missing scope, another workspace, no key", async () => {
    const incidentsOnly = (await createIntegrationKey(api, owner, workspaceId, ["incident:read"])).token;
    const other = await createWorkspace(api, owner, "sse-other");
    const reader = (await createIntegrationKey(api, owner, workspaceId, ["node:read"])).token;
    const ws = `${base.replace("http", "ws")}/graphql`;
    for (const [label, caller, w, code] of [
      ["a key without node:read", { token: incidentsOnly }, workspaceId, "FORBIDDEN"],
      ["a key of another workspace", { token: reader }, other, "NOT_FOUND"],
      ["no key", {}, workspaceId, "UNAUTHENTICATED"],
    ] as const) {
      const stream = await sseSubscription(base, caller, NODE_EVENTS, { w });
      try {
        const refused = await stream.next(30_000);
        assert.equal(refused.errors?.[0]?.extensions?.code, code, `${label}: ${JSON.stringify(refused)}`);
      } finally {
        stream.close();
      }
      if (!("token" in caller)) continue;
      const overSocket = subscribe(ws, NODE_EVENTS, { w }, { authorization: `Bearer ${caller.token}` });
      await overSocket.completed;
      assert.match(JSON.stringify([overSocket.events, overSocket.errors]), new RegExp(code), label);
      await overSocket.dispose();
    }
  });

  it("a revoked key's quiet stream ends at once, as graphql-ws closes its socket", async (t) => {
    const key = await createIntegrationKey(api, owner, workspaceId, ["node:read"]);
    const named = "subscription($w: ID!) { nodeEvents(workspaceId: $w) { name } }";
    const stream = await sseSubscription(base, { token: key.token }, named, { w: workspaceId });
    try {
      // Live before the revocation (a fixed 300 ms pause raced the stream's access check on a loaded
      // machine): renamed until an event comes, then read up to the last rename's event, so that
      // the stream is quiet from here on and nothing queued can stand in for its end.
      let arrived = false;
      const first = stream.next(30_000).finally(() => {
        arrived = true;
      });
      let last = "";
      for (let i = 0; i < 100 && !arrived; i++) {
        last = `sse-revoked-${i}`;
        await rename(last);
        await Promise.race([first.catch(() => {}), new Promise((r) => setTimeout(r, 200))]);
      }
      for (let event = await first; event.data?.nodeEvents.name !== last; event = await stream.next(30_000));
      const ended = stream.next(30_000);
      const revokedAt = Date.now();
      const revoked = await api.gql(
        "mutation($id: ID!) { revokeApiKey(input: { apiKeyId: $id }) { __typename } }",
        { id: key.id },
        owner,
      );
      assert.equal(revoked.data?.revokeApiKey?.__typename, "ApiKeyPayload", JSON.stringify(revoked));
      // Nothing is published on the topic any more and the key never expires: only the revocation
      // ends it (before it did, the quiet stream went on for ever). How soon is printed, not asserted.
      await assert.rejects(ended, /stream ended without an event/);
      t.diagnostic(`ended ${Date.now() - revokedAt} ms after the revocation was sent`);
    } finally {
      stream.close();
    }
  });
});
