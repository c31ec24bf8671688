// Findings M1 (30 aliased login guesses per request, no per-account throttle), M2 (graphql-ws
// never rate-limited), M4 (graphql-ws upgrade without an Origin check) and the info row's
// over-limit query closing the whole socket — replayed over HTTP and a real WebSocket.
import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import { type Client, createClient } from "graphql-ws";
import WebSocket from "ws";
import { type Caller, PASSWORD, useTestApi } from "../harness.ts";
import { listenForSockets } from "../support/ws-endpoint.ts";

const LOGIN_FIELDS = `__typename ... on Error { code } ... on RateLimitedError { retryAfterSeconds }`;
const login = (alias: string, email: string, password: string) =>
  `${alias}: login(input: { email: "${email}", password: "${password}" }) { ${LOGIN_FIELDS} }`;

/** A graphql-ws client; `run` answers one operation's first result or error, never throwing. */
function socket(url: string, headers: Record<string, string> = {}) {
  let closed: { code: number } | undefined;
  const client: Client = createClient({
    url,
    webSocketImpl: class extends WebSocket {
      constructor(address: string, protocols?: string | string[]) {
        super(address, protocols, { headers });
      }
    },
    retryAttempts: 0,
    lazy: false,
    on: {
      closed: (event) => {
        closed = event as { code: number };
      },
    },
  });
  return {
    client,
    closed: () => closed,
    run(query: string) {
      return new Promise<{ data?: any; errors?: { message: string; extensions?: { code?: string } }[] }>(
        (resolve) => {
          let first: any;
          client.subscribe(
            { query },
            {
              next: (value) => {
                first ??= value;
              },
              error: (error) =>
                resolve(Array.isArray(error) ? { errors: error } : { errors: [{ message: String(error) }] }),
              complete: () => resolve(first ?? {}),
            },
          );
        },
      );
    },
  };
}

describe("brute force and floods", () => {
  // Refusals are held 10 ms here, not 1 s: these cases send dozens of refused operations in turn.
  const api = useTestApi("pglite", {
    RATE_LIMIT_PER_MINUTE: "40",
    LOGIN_MAX_ATTEMPTS: "10",
    RATE_LIMIT_HOLD_MS: "10",
  });
  const endpoint = listenForSockets(api);
  before(async () => {
    await api.signup("victim@example.com");
    await api.signup("other@example.com");
  });

  it("counts each aliased login guess; past 10 even the right password is RATE_LIMITED", async () => {
    const guesses = Array.from({ length: 30 }, (_, i) => login(`g${i}`, "victim@example.com", `wrong-${i}`));
    const result = await api.gql(`mutation { ${guesses.join(" ")} }`);
    const answers = Object.values(result.data) as { __typename: string; code: string }[];
    // Ten attempts per account in the window, the sign-up that created it included.
    assert.equal(answers.filter((a) => a.code === "UNAUTHENTICATED").length, 9);
    assert.equal(answers.filter((a) => a.code === "RATE_LIMITED").length, 21);
    const right = await api.gql(`mutation { ${login("ok", "victim@example.com", PASSWORD)} }`);
    assert.equal(right.data.ok.code, "RATE_LIMITED");
    assert.ok(right.data.ok.retryAfterSeconds > 0);
    assert.deepEqual(right.cookies, [], "no session");
    const other = await api.gql(`mutation { ${login("ok", "other@example.com", PASSWORD)} }`);
    assert.equal(other.data.ok.__typename, "SessionPayload", "another account is not locked");
  });

  it("a foreign Origin cannot open a graphql-ws socket; an allowed one can", async () => {
    const foreign = socket(endpoint.ws, { origin: "https://evil.example" });
    const refused = await foreign.run("{ serverInfo { name } }");
    assert.ok(refused.errors?.length, "no operation ran");
    await foreign.client.dispose();
    const allowed = socket(endpoint.ws, { origin: "http://localhost:3000" });
    assert.equal((await allowed.run("{ serverInfo { name } }")).data?.serverInfo.name, "Levee");
    await allowed.client.dispose();
  });

  it("an over-limit operation on a socket fails alone; the socket keeps working", async () => {
    const s = socket(endpoint.ws);
    const deep = `{ me { memberships { workspace { nodes { edges { node { workspace { nodes { edges { node { workspace { nodes { edges { node { name } } } } } } } } } } } } } } }`;
    const expensive = `query { workspaces(first: 200) { edges { node { nodes(first: 200) { edges { node { name hostname status } } } } } } }`;
    for (const query of [deep, expensive]) {
      const result = await s.run(query);
      assert.ok(result.errors?.length, `${query} refused`);
      assert.equal(s.closed(), undefined, "socket still open");
    }
    assert.equal((await s.run("{ serverInfo { name } }")).data?.serverInfo.name, "Levee");
    await s.client.dispose();
  });

  it("one rate limit for HTTP and graphql-ws: a socket's operations count, and answer RATE_LIMITED", async () => {
    const s = socket(endpoint.ws);
    const answers = [];
    for (let i = 0; i < 60; i++) answers.push(await s.run("{ serverInfo { name } }"));
    const limited = answers.filter((a) => a.errors?.[0]?.extensions?.code === "RATE_LIMITED");
    assert.ok(limited.length >= 20, `${limited.length} of 60 refused`);
    assert.ok(answers.filter((a) => a.data).length <= 40);
    assert.equal(s.closed(), undefined, "the socket stays open; only the operations are refused");
    // The same caller (this address) over HTTP is limited too…
    const http = await fetch(`${endpoint.base}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: '{"query":"{ serverInfo { name } }"}',
    });
    assert.equal(http.status, 429);
    // …and login guesses over the socket are refused like any other operation.
    const guess = await s.run(`mutation { ${login("g", "other@example.com", "wrong")} }`);
    assert.equal(guess.errors?.[0]?.extensions?.code, "RATE_LIMITED");
    // Counted before the operation is parsed: a refused flood of garbage costs a look-up each.
    const garbage = await s.run("{ this is not GraphQL");
    assert.equal(garbage.errors?.[0]?.extensions?.code, "RATE_LIMITED", JSON.stringify(garbage));
    await s.client.dispose();
  });

  it("login guesses over graphql-ws count against the account like HTTP ones", async () => {
    const account: Caller = await api.signup("ws-victim@example.com");
    assert.ok(account.cookie);
    // A fresh API keeps the per-minute limit out of the way: a session-keyed socket.
    const s = socket(endpoint.ws, { cookie: `levee_session=${account.cookie}` });
    const answers = [];
    for (let i = 0; i < 12; i++) {
      const result = await s.run(`mutation { ${login("g", "ws-victim@example.com", `wrong-${i}`)} }`);
      answers.push(result.data?.g?.code ?? result.errors?.[0]?.extensions?.code);
    }
    assert.deepEqual(answers.slice(10), ["RATE_LIMITED", "RATE_LIMITED"], answers.join(","));
    await s.client.dispose();
  });
});

describe("refused callers are answered before their request is read", () => {
  const api = useTestApi("pglite", { RATE_LIMIT_PER_MINUTE: "5", RATE_LIMIT_HOLD_MS: "10" });
  const endpoint = listenForSockets(api);
  const post = (body: string, headers: Record<string, string> = {}) =>
    fetch(`${endpoint.base}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json", ...headers },
      body,
    });

  it("a rate-limited address gets 429 RATE_LIMITED even for a body GraphQL would reject unread", async () => {
    // Signed up through yoga directly (no address): a caller of its own.
    const other = await api.signup("elsewhere@example.com");
    assert.equal((await post("{ not json")).status, 400, "under the limit, a bad body is a bad request");
    let status = 0;
    for (let i = 0; i < 10 && status !== 429; i++)
      status = (await post('{"query":"{ serverInfo { name } }"}')).status;
    assert.equal(status, 429);
    const refused = await post("{ not json");
    assert.equal(refused.status, 429, "refused before the body is parsed");
    assert.ok(Number(refused.headers.get("retry-after")) >= 1);
    assert.equal(refused.headers.get("x-content-type-options"), "nosniff");
    const body = (await refused.json()) as {
      errors: { message: string; extensions: Record<string, unknown> }[];
    };
    assert.equal(body.errors[0]?.extensions.code, "RATE_LIMITED");
    assert.ok(Number(body.errors[0]?.extensions.retryAfterSeconds) >= 1);
    const answered = await post('{"query":"{ me { email } }"}', { cookie: `levee_session=${other.cookie}` });
    assert.equal(answered.status, 200, "another caller is still answered");
    assert.equal(((await answered.json()) as any).data.me.email, "elsewhere@example.com");
  });
});

describe("a socket sending operations without waiting for their answers", () => {
  // Refusals held a second, as by default: the operations a flooding socket sent stay unanswered.
  const api = useTestApi("pglite", { RATE_LIMIT_PER_MINUTE: "5", RATE_LIMIT_HOLD_MS: "1000" });
  const endpoint = listenForSockets(api);

  it("past 64 refusals held is not read until one is answered: none refused at once, the socket stays open", async () => {
    const s = socket(endpoint.ws);
    const sent = performance.now();
    // The connection and the first operations are admitted; the rest are refused and held.
    const answers = Array.from({ length: 80 }, () =>
      s.run("{ serverInfo { name } }").then((answer) => ({ answer, at: performance.now() - sent })),
    );
    const refused = (await Promise.all(answers)).filter(
      ({ answer }) => answer.errors?.[0]?.extensions?.code === "RATE_LIMITED",
    );
    assert.equal(s.closed(), undefined, "held refusals are waiting, not work: the socket stays open");
    assert.ok(refused.length >= 70, `${refused.length} refused`);
    // Timers never fire early: a held refusal comes a hold after it was decided, at the earliest.
    const atOnce = refused.filter(({ at }) => at < 1000 - 50);
    assert.deepEqual(atOnce, [], "refusals answered before any hold could end");
    await s.client.dispose();
  });
});
