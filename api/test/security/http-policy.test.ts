// Findings M3 (CSRF by form posts, login CSRF), M4 (CORS reflecting any Origin with
// credentials), M6 (client-chosen operation names as Prometheus labels) and L2–L5 (GraphiQL
// from a CDN, the invalid JSON body echoed, a malformed cookie → 500, sign-up and slugs
// revealing other tenants) — replayed over a real port.
import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import { type Caller, createWorkspace, useTestApi } from "../harness.ts";

const RENAME = `mutation { updateWorkspace(input: { workspaceId: "WS", name: "pwned" }) { __typename } }`;

describe("HTTP policy: origins, CSRF, metrics, errors", () => {
  const api = useTestApi("pglite", { ALLOWED_ORIGINS: "https://app.levee.example" });
  let base: string;
  let owner: Caller;
  let workspaceId: string;
  const post = (body: string, headers: Record<string, string>) =>
    fetch(`${base}/graphql`, { method: "POST", headers, body });
  const nameOf = async () =>
    (await api.gql(`{ workspace(slug: "policy") { name } }`, {}, owner)).data.workspace.name as string;

  before(async () => {
    base = `http://127.0.0.1:${(await api.server.listen(0, "127.0.0.1")).port}`;
    owner = await api.signup("policy-owner@example.com");
    workspaceId = await createWorkspace(api, owner, "policy");
  });

  it("refuses form-encoded and text/plain posts (cross-site forms), even with the session cookie", async () => {
    const cookie = `levee_session=${owner.cookie}`;
    const query = RENAME.replace("WS", workspaceId);
    const form = await post(new URLSearchParams({ query }).toString(), {
      "content-type": "application/x-www-form-urlencoded",
      cookie,
    });
    assert.equal(form.status, 415);
    const text = await post(JSON.stringify({ query }), { "content-type": "text/plain", cookie });
    assert.equal(text.status, 415);
    assert.equal(await nameOf(), "POLICY", "workspace not renamed");
  });

  it("refuses login CSRF: a cross-site form cannot sign the browser into another account", async () => {
    const query = `mutation { login(input: { email: "policy-owner@example.com", password: "x" }) { __typename } }`;
    const form = await post(new URLSearchParams({ query }).toString(), {
      "content-type": "application/x-www-form-urlencoded",
      origin: "https://evil.example",
    });
    assert.equal(form.status, 403);
    assert.equal(form.headers.getSetCookie().length, 0);
    const json = await post(JSON.stringify({ query }), {
      "content-type": "application/json",
      origin: "https://evil.example",
    });
    assert.equal(json.status, 403);
    assert.equal((await json.json()).errors[0].extensions.code, "FORBIDDEN_ORIGIN");
  });

  it("CORS: only listed origins get Access-Control-Allow-Origin, never a reflected foreign one", async () => {
    const preflight = (origin: string) =>
      fetch(`${base}/graphql`, {
        method: "OPTIONS",
        headers: {
          origin,
          "access-control-request-method": "POST",
          "access-control-request-headers": "content-type",
        },
      });
    const foreign = await preflight("https://evil.example");
    assert.equal(foreign.headers.get("access-control-allow-origin"), null);
    const listed = await preflight("https://app.levee.example");
    assert.equal(listed.headers.get("access-control-allow-origin"), "https://app.levee.example");
    assert.equal(listed.headers.get("access-control-allow-credentials"), "true");
    const own = await post('{"query":"{ serverInfo { name } }"}', {
      "content-type": "application/json",
      origin: base,
    });
    assert.equal(own.status, 200, "the API's own origin (GraphiQL) is allowed");
    assert.equal(own.headers.get("x-content-type-options"), "nosniff");
  });

  it("labels metrics by root field: 20 invented operation names add no series", async () => {
    const before_ = (await (await fetch(`${base}/metrics`)).text()).length;
    for (let i = 0; i < 20; i++)
      await post(JSON.stringify({ query: `query Probe${i}x${"y".repeat(200)} { serverInfo { name } }` }), {
        "content-type": "application/json",
      });
    const text = await (await fetch(`${base}/metrics`)).text();
    assert.doesNotMatch(text, /Probe\d/);
    assert.match(text, /operation="serverInfo"/);
    assert.ok(text.length - before_ < 2_000, `metrics grew by ${text.length - before_} bytes`);
  });

  it("does not echo an invalid JSON body", async () => {
    const secret = "s3cr3t-token-in-a-broken-body";
    const response = await post(`{"query": "${secret}`, { "content-type": "application/json" });
    assert.equal(response.status, 400);
    const body = await response.text();
    assert.doesNotMatch(body, new RegExp(secret));
    assert.match(body, /not valid JSON/);
  });

  it("treats a malformed session cookie as no session (not a 500)", async () => {
    for (const cookie of ["levee_session=%E0%A4%A", "levee_session=%", "levee_session=lvs_%ZZ"]) {
      const response = await post('{"query":"{ me { id } }"}', {
        "content-type": "application/json",
        cookie,
      });
      assert.equal(response.status, 200, cookie);
      assert.deepEqual((await response.json()).data, { me: null });
    }
  });

  it("serves GraphiQL without any third-party script or stylesheet", async () => {
    const html = await (await fetch(`${base}/graphql`, { headers: { accept: "text/html" } })).text();
    assert.match(html, /Levee GraphQL/);
    const external = [...html.matchAll(/<(?:script|link)[^>]+(?:src|href)=["']?(https?:\/\/[^"' >]+)/g)].map(
      (m) => m[1],
    );
    assert.deepEqual(external, []);
  });

  it("answers a taken slug exactly like a reserved word, never naming the owner", async () => {
    const stranger = await api.signup("stranger@example.com");
    const create = (slug: string) =>
      api.gql(
        `mutation($i: CreateWorkspaceInput!) { createWorkspace(input: $i) { __typename ... on Error { code message } } }`,
        { i: { name: "X", slug } },
        stranger,
      );
    const taken = (await create("policy")).data.createWorkspace;
    const reserved = (await create("admin")).data.createWorkspace;
    assert.deepEqual(taken, reserved);
    assert.equal(taken.code, "CONFLICT");
    assert.doesNotMatch(taken.message, /policy|POLICY|owner/);
  });
});
