import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { type Caller, createWorkspace, PASSWORD, sessionCookieOf, useTestApi } from "./harness.ts";
import { activeSubscriptions, subscribe, subscriptionsLive } from "./ws-client.ts";

const NODE_EVENTS = `subscription($w: ID!) { nodeEvents(workspaceId: $w) { kind name node { name } } }`;

describe("HTTP surface (postgres, real port)", () => {
  const api = useTestApi("postgres", { RATE_LIMIT_PER_MINUTE: "40" });
  let base: string;
  let owner: Caller;
  let workspaceId: string;
  before(async () => {
    const address = await api.server.listen(0, "127.0.0.1");
    base = `http://127.0.0.1:${address.port}`;
    owner = await api.signup("ops@example.com");
    workspaceId = await createWorkspace(api, owner, "ops");
  });

  it("GET /healthz reports the database engine", async () => {
    const response = await fetch(`${base}/healthz`);
    assert.equal(response.status, 200);
    const body = await response.json();
    assert.equal(body.status, "ok");
    assert.equal(body.database.engine, "postgres");
    assert.equal(body.redis, "not configured");
  });

  it("GET /metrics serves Prometheus text with GraphQL counters", async () => {
    await fetch(`${base}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: '{"query":"query Info { serverInfo { name } }"}',
    });
    const text = await (await fetch(`${base}/metrics`)).text();
    // Labelled by root field, not by the client-chosen operation name (bounded label set).
    assert.match(
      text,
      /levee_graphql_operations_total\{operation="serverInfo",type="query",outcome="ok"\} \d+/,
    );
    assert.doesNotMatch(text, /operation="Info"/);
    assert.match(text, /levee_process_resident_memory_bytes/);
    assert.match(text, /levee_http_requests_total\{route="\/graphql",status="200"\} \d+/);
  });

  it("serves GraphiQL in a browser", async () => {
    const response = await fetch(`${base}/graphql`, { headers: { accept: "text/html" } });
    assert.equal(response.status, 200);
    assert.match(await response.text(), /Levee GraphQL/);
  });

  it("refuses bodies over MAX_BODY_BYTES (4 MB) with 413 and a code", async () => {
    const body = JSON.stringify({
      query: "{ serverInfo { name } }",
      variables: { pad: "x".repeat(4 * 1024 * 1024) },
    });
    const response = await fetch(`${base}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body,
    });
    assert.equal(response.status, 413);
    assert.equal((await response.json()).errors[0].extensions.code, "PAYLOAD_TOO_LARGE");
  });

  it("delivers subscriptions over graphql-ws on the same port and path, authenticated in connection_init", async () => {
    const ws = `ws://127.0.0.1:${new URL(base).port}/graphql`;
    const live = await activeSubscriptions(base);
    const sub = subscribe(ws, NODE_EVENTS, { w: workspaceId }, { authorization: `Bearer ${owner.cookie}` });
    await sub.connected;
    await subscriptionsLive(base, live + 1);
    await api.gql(
      `mutation($w: ID!) { createNode(input: { workspaceId: $w, name: "ws-node" }) { __typename } }`,
      { w: workspaceId },
      owner,
    );
    const [event] = await sub.waitFor(1);
    assert.deepEqual(event.data.nodeEvents, { kind: "CREATED", name: "ws-node", node: { name: "ws-node" } });
    await sub.dispose();
  });

  it("closes a live socket once the member's session ends (4403), and refuses the ended session's new sockets", async () => {
    const ws = `ws://127.0.0.1:${new URL(base).port}/graphql`;
    const session = await api.gql(`mutation($i: LoginInput!) { login(input: $i) { __typename } }`, {
      i: { email: "ops@example.com", password: PASSWORD },
    });
    const cookie = sessionCookieOf(session.cookies);
    const live = await activeSubscriptions(base);
    const sub = subscribe(ws, NODE_EVENTS, { w: workspaceId }, { authorization: `Bearer ${cookie}` });
    await sub.connected;
    await subscriptionsLive(base, live + 1);
    // Sign-out is announced (credentialsChanged naming the user): the socket closes at once, with
    // no event needed to notice (live-session-end.test.ts covers SSE, Redis and password changes).
    await api.gql(`mutation { logout }`, {}, { cookie });
    assert.equal((await sub.closed).code, 4403, "the signed-out session's socket is closed");
    assert.deepEqual(sub.events, []);
    const again = subscribe(ws, NODE_EVENTS, { w: workspaceId }, { authorization: `Bearer ${cookie}` });
    assert.equal((await again.closed).code, 4403, "a new connection with the ended session is refused");
    await sub.dispose();
  });

  it("closes graphql-ws connections with a bad credential (4403)", async () => {
    const ws = `ws://127.0.0.1:${new URL(base).port}/graphql`;
    const sub = subscribe(ws, NODE_EVENTS, { w: workspaceId }, { authorization: "Bearer lvi_nope_nope" });
    assert.equal((await sub.closed).code, 4403);
  });

  it("rate-limits per caller with 429 and Retry-After", async () => {
    let last: Response | undefined;
    for (let i = 0; i < 45; i++) {
      last = await fetch(`${base}/graphql`, {
        method: "POST",
        headers: { "content-type": "application/json", cookie: `levee_session=${owner.cookie}` },
        body: '{"query":"{ me { email } }"}',
      });
      if (last.status === 429) break;
    }
    assert.equal(last?.status, 429);
    assert.ok(Number(last?.headers.get("retry-after")) >= 1);
    assert.ok(last);
    assert.equal((await last.json()).errors[0].extensions.code, "RATE_LIMITED");
  });
  after(() => {});
});
