import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import WebSocket from "ws";
import { createEnrollmentToken, createIntegrationKey, createNode, enrollAgent } from "./fixtures.ts";
import { type Caller, createWorkspace, useTestApi } from "./harness.ts";
import { listenForSockets } from "./support/ws-endpoint.ts";
import { report, sample } from "./telemetry-client.ts";

/**
 * What an integrator building on the API with a scoped key meets first: paging with cursors,
 * dates in filters, listing its workspace, the audit trail's action filter, and being told to
 * slow down (review of December 5).
 */
describe("the API as an integrator uses it (pglite)", () => {
  // A small cost budget (a key's bucket holds 5 × 200), refusals answered at once.
  const api = useTestApi("pglite", { GRAPHQL_COST_PER_SECOND: "200", RATE_LIMIT_HOLD_MS: "0" });
  const endpoint = listenForSockets(api);
  let owner: Caller;
  let workspaceId: string;
  let reader: string;
  let nodeIds: string[];

  before(async () => {
    owner = await api.signup("integrator-owner@example.com", "Owner");
    workspaceId = await createWorkspace(api, owner, "integrator");
    nodeIds = [
      await createNode(api, owner, workspaceId, "edge-1"),
      await createNode(api, owner, workspaceId, "edge-2"),
    ];
    reader = (
      await createIntegrationKey(api, owner, workspaceId, ["workspace:read", "node:read", "audit:read"])
    ).token;
  });

  const b64 = (text: string) => Buffer.from(text).toString("base64");
  const pathsOf = (fieldErrors: unknown) =>
    (fieldErrors as { path: string }[] | undefined)?.map((f) => f.path);
  type GqlBody = { data?: Record<string, any> | null; errors?: { message: string; extensions?: any }[] };

  it("a cursor the API never handed out is BAD_USER_INPUT, on root and nested connections alike", async () => {
    const nested = `query($after: String) { workspace(slug: "integrator") { nodes(first: 1, after: $after) {
      edges { cursor node { name } } } } }`;
    const first = await api.gql(nested, {}, { token: reader });
    assert.equal(first.errors, undefined, JSON.stringify(first));
    const cursor = first.data.workspace.nodes.edges[0].cursor as string;
    const next = await api.gql(nested, { after: cursor }, { token: reader });
    assert.deepEqual(
      next.data.workspace.nodes.edges.map((e: { node: { name: string } }) => e.node.name),
      ["edge-2"],
    );

    const incidents = `query($w: ID!, $before: String) { incidents(workspaceId: $w, last: 5, before: $before) { edges { cursor } } }`;
    const workspaces = `query { workspaces(first: 5, after: "${b64("GPC:N:5")}") { edges { cursor } } }`;
    for (const [query, variables] of [
      [nested, { after: b64("GPC:S:not-a-uuid") }],
      [nested, { after: b64("GPC:N:5") }],
      [incidents, { w: workspaceId, before: b64("GPC:S:zzz") }],
      [workspaces, {}],
    ] as const) {
      const result = await api.gql(query, variables, { token: reader });
      assert.equal(result.errors?.[0]?.extensions?.code, "BAD_USER_INPUT", JSON.stringify(result));
      assert.match(result.errors?.[0]?.message ?? "", /(after|before): is not a cursor of this connection/);
    }
  });

  it("DateTime takes ISO-8601 with its zone, not whatever Date can parse", async () => {
    const query = `query($w: ID!, $since: DateTime) { incidents(workspaceId: $w, first: 1, filter: { since: $since }) { edges { cursor } } }`;
    for (const since of ["2026-12-05T14:30:00Z", "2026-12-05T14:30:00.123+01:00", "2026-12-05"]) {
      const result = await api.gql(query, { w: workspaceId, since }, owner);
      assert.equal(result.errors, undefined, `${since}: ${JSON.stringify(result)}`);
    }
    // "0" is 2000-01-01 to Date, "2026-02-30" March 2, and a time without a zone the server's local time.
    for (const since of [
      "0",
      "1",
      "December 5, 2026",
      "2026-02-30T00:00:00Z",
      "2026-12-05T14:30:00",
      "2026-12-05 14:30Z",
    ]) {
      const result = await api.gql(query, { w: workspaceId, since }, owner);
      assert.equal(
        result.errors?.[0]?.extensions?.code,
        "BAD_USER_INPUT",
        `${since}: ${JSON.stringify(result)}`,
      );
      assert.match(result.errors?.[0]?.message ?? "", /ISO-8601 date and time with its zone/);
      // Its field error names the variable it came in (it said `path: ""`).
      assert.deepEqual(pathsOf(result.errors?.[0]?.extensions?.fieldErrors), ["since"]);
    }
    const inFilter = await api.gql(
      `query($w: ID!, $f: IncidentFilter) { incidents(workspaceId: $w, first: 1, filter: $f) { edges { cursor } } }`,
      { w: workspaceId, f: { since: "yesterday" } },
      owner,
    );
    assert.deepEqual(
      pathsOf(inFilter.errors?.[0]?.extensions?.fieldErrors),
      ["f.since"],
      JSON.stringify(inFilter),
    );
  });

  it("workspaces lists only the workspace a key may read; a key without workspace:read gets none", async () => {
    const query = "{ workspaces { edges { node { id slug } } } }";
    const withRead = await api.gql(query, {}, { token: reader });
    assert.deepEqual(
      withRead.data.workspaces.edges.map((e: { node: { id: string } }) => e.node.id),
      [workspaceId],
    );
    const incidentsOnly = (await createIntegrationKey(api, owner, workspaceId, ["incident:read"])).token;
    const without = await api.gql(query, {}, { token: incidentsOnly });
    assert.equal(without.errors, undefined, JSON.stringify(without));
    assert.deepEqual(without.data.workspaces.edges, []);
  });

  it("nodes(ids:) with one unknown ID answers the others, and NOT_FOUND only at the unknown one's index", async () => {
    // A node deleted since the integrator stored its ID: one stale ID hid every other node.
    const gone = b64("MonitoredNode:01a24b30-80e6-72ff-86c8-000000000000");
    const result = await api.gql(
      "query($ids: [ID!]!) { nodes(ids: $ids) { id ... on MonitoredNode { name } } }",
      { ids: [nodeIds[0], gone, nodeIds[1]] },
      { token: reader },
    );
    assert.deepEqual(
      result.data?.nodes?.map((n: { name: string } | null) => n?.name ?? null),
      ["edge-1", null, "edge-2"],
      JSON.stringify(result),
    );
    assert.deepEqual(
      result.errors?.map((e) => [e.extensions?.code, (e as { path?: unknown[] }).path]),
      [["NOT_FOUND", ["nodes", 1]]],
    );
  });

  it("auditLog(action:) is a prefix, not a LIKE pattern", async () => {
    const query = `query($w: ID!, $action: String) { auditLog(workspaceId: $w, action: $action, first: 20) { edges { node { action } } } }`;
    const actions = async (action: string) => {
      const result = await api.gql(query, { w: workspaceId, action }, { token: reader });
      assert.equal(result.errors, undefined, JSON.stringify(result));
      return result.data.auditLog.edges.map((e: { node: { action: string } }) => e.node.action) as string[];
    };
    const nodes = await actions("node.");
    assert.ok(nodes.length >= 2 && nodes.every((a) => a.startsWith("node.")), JSON.stringify(nodes));
    assert.deepEqual(await actions("%"), []);
    assert.deepEqual(await actions("_ode."), []);
  });

  it("a key on a user-only field is FORBIDDEN (not 401: the key is good), and told so in words", async () => {
    const post = (query: string, variables: object) =>
      api.server.yoga.fetch("http://levee.test/graphql", {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${reader}` },
        body: JSON.stringify({ query, variables }),
      });
    for (const query of [
      `mutation($w: ID!) { createApiKey(input: { workspaceId: $w, name: "k", scopes: ["node:read"] }) { __typename ... on Error { code message } } }`,
      `mutation { createWorkspace(input: { name: "Mine", slug: "mine-by-key" }) { __typename ... on Error { code message } } }`,
    ]) {
      const response = await post(query, { w: workspaceId });
      assert.equal(response.status, 200, query);
      const body = (await response.json()) as GqlBody;
      const error = body.errors?.[0] ?? Object.values(body.data ?? {})[0];
      assert.equal(error?.extensions?.code ?? error?.code, "FORBIDDEN", JSON.stringify(body));
      assert.equal(error?.message, "This field needs a signed-in user; API keys cannot use it");
    }
  });

  it("over its cost budget a key is answered 429 with Retry-After, as over its request rate", async () => {
    const key = (await createIntegrationKey(api, owner, workspaceId, ["workspace:read"])).token;
    // Priced ~6,000, below the heavy threshold (10,000, also the bucket's size here, as it is
    // never smaller): the first spends most of the bucket, the next finds too little left.
    const page =
      "workspaces(first: 200) { edges { cursor node { id slug name createdAt evidenceRetentionDays } } }";
    const query = `{ a: ${page} b: ${page} c: ${page} }`;
    const response = async () =>
      api.server.yoga.fetch("http://levee.test/graphql", {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${key}` },
        body: JSON.stringify({ query }),
      });
    const first = await response();
    assert.equal(first.status, 200, await first.text());
    const refused = await response();
    const body = (await refused.json()) as {
      errors: { extensions: { code: string; retryAfterSeconds: number } }[];
    };
    assert.equal(body.errors[0]?.extensions.code, "RATE_LIMITED", JSON.stringify(body));
    assert.equal(refused.status, 429);
    assert.equal(refused.headers.get("retry-after"), String(body.errors[0]?.extensions.retryAfterSeconds));
    assert.ok(Number(refused.headers.get("retry-after")) >= 1);
  });

  /**
   * One socket as the reader key: `subscribe` frames sent once acknowledged, then the answer
   * frames (`next` or `error`) by id, once there is one for each frame sent.
   */
  async function answersOverSocket(
    subscribes: Record<string, { query: string; operationName?: string; variables?: object }>,
  ): Promise<Map<string, { type: string; payload: any }>> {
    const answers = new Map<string, { type: string; payload: any }>();
    const socket = new WebSocket(endpoint.ws, "graphql-transport-ws");
    await new Promise<void>((resolve, reject) => {
      socket.on("error", reject);
      socket.on("open", () =>
        socket.send(
          JSON.stringify({ type: "connection_init", payload: { authorization: `Bearer ${reader}` } }),
        ),
      );
      socket.on("message", (data) => {
        const message = JSON.parse(String(data));
        if (message.type === "connection_ack")
          for (const [id, payload] of Object.entries(subscribes))
            socket.send(JSON.stringify({ id, type: "subscribe", payload }));
        if (message.type === "next" || message.type === "error") answers.set(message.id, message);
        if (answers.size === Object.keys(subscribes).length) resolve();
      });
    });
    socket.close();
    return answers;
  }

  it("over graphql-ws an unparsable or unidentifiable operation carries the code HTTP gives it", async () => {
    const frames = await answersOverSocket({
      syntax: { query: "{ serverInfo { version }" },
      name: { query: "query A { serverInfo { version } }", operationName: "B" },
      two: { query: "query A { serverInfo { version } } query B { serverInfo { name } }" },
    });
    const errors = new Map(
      [...frames].map(([id, frame]) => [id, frame.type === "error" ? frame.payload[0] : undefined]),
    );
    assert.equal(errors.get("syntax")?.extensions?.code, "GRAPHQL_PARSE_FAILED", JSON.stringify([...errors]));
    assert.equal(errors.get("name")?.extensions?.code, "OPERATION_RESOLUTION_FAILURE");
    assert.equal(errors.get("two")?.extensions?.code, "OPERATION_RESOLUTION_FAILURE");
  });

  it("over graphql-ws an error has its code and no HTTP status or headers", async () => {
    const frames = await answersOverSocket({
      // An error of execution (next) and one of validation (error), both with http over HTTP.
      input: {
        query: "subscription($n: ID!) { trafficUpdated(nodeId: $n) { ts } }",
        variables: { n: "garbage" },
      },
      invalid: { query: "{ serverInfo { nope } }" },
    });
    const inputError = frames.get("input")?.payload.errors[0];
    assert.equal(inputError?.extensions.code, "BAD_USER_INPUT", JSON.stringify([...frames]));
    assert.equal(inputError?.extensions.http, undefined, JSON.stringify(inputError));
    const invalid = frames.get("invalid")?.payload[0];
    assert.equal(invalid?.extensions.code, "GRAPHQL_VALIDATION_FAILED", JSON.stringify([...frames]));
    assert.equal(invalid?.extensions.http, undefined, JSON.stringify(invalid));
  });

  it("a socket refused at connect is told why, as HTTP tells it", async () => {
    const revoked = await createIntegrationKey(api, owner, workspaceId, ["incident:read"]);
    const revoke = await api.gql(
      `mutation($id: ID!) { revokeApiKey(input: { apiKeyId: $id }) { __typename } }`,
      { id: revoked.id },
      owner,
    );
    assert.equal(revoke.data.revokeApiKey.__typename, "ApiKeyPayload", JSON.stringify(revoke));
    const closeOf = (authorization: string) =>
      new Promise<{ code: number; reason: string }>((resolve, reject) => {
        const socket = new WebSocket(endpoint.ws, "graphql-transport-ws");
        socket.on("error", reject);
        socket.on("open", () =>
          socket.send(JSON.stringify({ type: "connection_init", payload: { authorization } })),
        );
        socket.on("close", (code, reason) => resolve({ code, reason: String(reason) }));
      });
    const unknown = await closeOf("Bearer lvi_nothing_known");
    assert.deepEqual(unknown, { code: 4403, reason: "Unknown API key" });
    const gone = await closeOf(`Bearer ${revoked.token}`);
    assert.equal(gone.code, 4403);
    assert.match(gone.reason, /^API key lvi_\S+ has been revoked$/);
  });

  it("an MSP workspace's key reaches none of its customer workspaces (as the schema says)", async () => {
    await createWorkspace(api, owner, "integrator-customer", workspaceId);
    const query = `{ workspace(slug: "integrator") { children { edges { node { slug } } } } }`;
    const asOwner = await api.gql(query, {}, owner);
    assert.deepEqual(asOwner.data.workspace.children.edges, [{ node: { slug: "integrator-customer" } }]);
    const asKey = await api.gql(query, {}, { token: reader });
    assert.equal(asKey.errors, undefined, JSON.stringify(asKey));
    assert.deepEqual(asKey.data.workspace.children.edges, []);
    const direct = await api.gql(`{ workspace(slug: "integrator-customer") { id } }`, {}, { token: reader });
    assert.equal(direct.errors?.[0]?.extensions?.code, "NOT_FOUND");
  });

  it("an updateNode that changes nothing writes no audit entry", async () => {
    const writer = (
      await createIntegrationKey(api, owner, workspaceId, ["node:read", "node:update", "audit:read"])
    ).token;
    const nodeId = await createNode(api, owner, workspaceId, "steady-1");
    const head = async () => {
      const result = await api.gql(
        `query($w: ID!) { auditLog(workspaceId: $w, first: 1) { edges { node { seq action } } } }`,
        { w: workspaceId },
        { token: writer },
      );
      return result.data.auditLog.edges[0].node as { seq: number; action: string };
    };
    const update = (input: Record<string, unknown>) =>
      api.gql(
        `mutation($input: UpdateNodeInput!) { updateNode(input: $input) { __typename ... on NodePayload { node { name } } } }`,
        { input: { nodeId, ...input } },
        { token: writer },
      );
    const before = await head();
    for (const input of [{}, { name: null }, { name: "steady-1" }, { labels: null, ownedPrefixes: [] }]) {
      const result = await update(input);
      assert.equal(result.data.updateNode.node.name, "steady-1", JSON.stringify(result));
    }
    assert.deepEqual(await head(), before, "nothing changed, nothing audited");
    await update({ name: "steady-2" });
    const after = await head();
    assert.deepEqual(after, { seq: before.seq + 1, action: "node.update" });
  });

  it("a document over the alias or depth limit carries GRAPHQL_VALIDATION_FAILED, as other invalid ones do", async () => {
    const aliases = `{ ${Array.from({ length: 31 }, (_, i) => `a${i}: serverInfo { version }`).join(" ")} }`;
    const deep = `{ workspaces { edges { node { ${"parent { ".repeat(10)}id${" }".repeat(10)} } } } }`;
    for (const query of [aliases, deep]) {
      const result = await api.gql(query, {}, { token: reader });
      assert.match(result.errors?.[0]?.message ?? "", /limit of \d+ exceeded/, JSON.stringify(result));
      assert.equal(result.errors?.[0]?.extensions?.code, "GRAPHQL_VALIDATION_FAILED", JSON.stringify(result));
    }
  });

  it("an input error does not quote 100,000 characters of input back", async () => {
    const long = "A".repeat(100_000);
    const byId = await api.gql("query($id: ID!) { node(id: $id) { id } }", { id: long }, { token: reader });
    const byVariable = await api.gql(
      "query($n: Int) { workspaces(first: $n) { edges { cursor } } }",
      { n: long },
      {
        token: reader,
      },
    );
    for (const result of [byId, byVariable]) {
      const error = result.errors?.[0];
      assert.equal(error?.extensions?.code, "BAD_USER_INPUT", JSON.stringify(result).slice(0, 300));
      assert.ok((error?.message.length ?? 0) < 1_000, `${error?.message.length} characters`);
      assert.match(error?.message ?? "", /… \(cut\)$/);
    }
  });

  it("an incident says when Levee opened it (openedAt, the order of incidents), apart from when its attack started", async () => {
    // An agent's queue after an outage: a flood second from an hour ago opens an incident now.
    const agent = await enrollAgent(api, await createEnrollmentToken(api, owner, workspaceId), "late-host");
    const hourAgo = Date.now() - 3_600_000;
    const beforeReport = Date.now();
    const flood = await report(api, { token: agent.token }, [sample(hourAgo, 50_000)]);
    const incidentId = flood.detection.incidentId as string;
    assert.ok(incidentId, JSON.stringify(flood));
    const incidentReader = (await createIntegrationKey(api, owner, workspaceId, ["incident:read"])).token;
    const listed = await api.gql(
      `query($w: ID!) { incidents(workspaceId: $w, first: 1) { edges { node { id startedAt openedAt } } } }`,
      { w: workspaceId },
      { token: incidentReader },
    );
    assert.equal(listed.errors, undefined, JSON.stringify(listed));
    const incident = listed.data.incidents.edges[0].node;
    assert.equal(incident.id, incidentId, "the last opened is listed first");
    assert.equal(Date.parse(incident.startedAt), hourAgo);
    const openedAt = Date.parse(incident.openedAt);
    assert.ok(
      openedAt >= beforeReport - 1000 && openedAt <= Date.now(),
      `openedAt ${incident.openedAt} is now`,
    );
    const byId = await api.gql(
      `query($id: ID!) { node(id: $id) { ... on Incident { openedAt } } }`,
      { id: incidentId },
      { token: incidentReader },
    );
    assert.equal(byId.data?.node?.openedAt, incident.openedAt, JSON.stringify(byId));
  });
});
