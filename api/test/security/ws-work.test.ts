// A graphql-ws client's say over what the server keeps doing: `complete` for an operation stops
// its answer, not its work, so the socket's cap counts work until it has really ended; and a
// caller's refusals are held within its one share of held places however many sockets it opens.
import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import WebSocket from "ws";
import { AGENT_KEY_SHARE } from "../../src/http/agent-load.ts";
import { createEnrollmentToken, createTenant, enrollAgent, type Tenant } from "../fixtures.ts";
import { useTestApi } from "../harness.ts";
import { lockNodeTable } from "../support/node-table-lock.ts";
import { listenForSockets } from "../support/ws-endpoint.ts";
import { REPORT, sample } from "../telemetry-client.ts";

type Frame = { type: string; id?: string; payload?: any };

/** A graphql-transport-ws client speaking the protocol frame by frame (no library to wait for answers). */
async function rawSocket(url: string, authorization?: string) {
  const socket = new WebSocket(url, "graphql-transport-ws");
  const frames: Frame[] = [];
  const listeners = new Set<() => void>();
  let closed: { code: number; reason: string } | undefined;
  const changed = () => {
    for (const listener of listeners) listener();
  };
  socket.on("message", (data) => {
    frames.push(JSON.parse(String(data)) as Frame);
    changed();
  });
  socket.on("close", (code, reason) => {
    closed = { code, reason: String(reason) };
    changed();
  });
  /** Resolves once `done()` holds, checked on every frame and on close; fails after `withinMs`. */
  const until = (done: () => boolean, what: string, withinMs = 30_000) =>
    new Promise<void>((resolve, reject) => {
      const check = () => {
        if (!done()) return;
        listeners.delete(check);
        clearTimeout(timer);
        resolve();
      };
      const timer = setTimeout(() => {
        listeners.delete(check);
        reject(
          new Error(
            `${what}: not within ${withinMs} ms (closed: ${JSON.stringify(closed)}, ${frames.length} frames)`,
          ),
        );
      }, withinMs);
      listeners.add(check);
      check();
    });
  await new Promise((resolve, reject) => socket.once("open", resolve).once("error", reject));
  const send = (frame: Frame) => socket.send(JSON.stringify(frame));
  send({ type: "connection_init", payload: authorization ? { authorization } : {} });
  await until(() => frames.some((f) => f.type === "connection_ack"), "connection_ack");
  return {
    frames,
    closed: () => closed,
    until,
    subscribe: (id: string, query: string, variables?: Record<string, unknown>) =>
      send({ type: "subscribe", id, payload: { query, variables } }),
    complete: (id: string) => send({ type: "complete", id }),
    /** Runs `sends` with the TCP socket corked: what they send goes out in one write. */
    inOneWrite: (sends: () => void) => {
      const tcp = (socket as unknown as { _socket: import("node:net").Socket })._socket;
      tcp.cork();
      sends();
      tcp.uncork();
    },
    close: () => socket.close(),
  };
}

type Socket = Awaited<ReturnType<typeof rawSocket>>;

/** One value of the API's /metrics (a gauge or counter without labels). */
async function metric(base: string, name: string) {
  const text = await (await fetch(`${base}/metrics`)).text();
  return Number(new RegExp(`^${name} (\\d+)$`, "m").exec(text)?.[1]);
}

/** Polls `done` every 50 ms until it holds; fails after 30 s. */
async function waitUntil(what: string, done: () => Promise<boolean>) {
  for (const by = Date.now() + 30_000; !(await done()); ) {
    if (Date.now() > by) throw new Error(`${what}: not within 30 s`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** An agent's one-sample report of `second` seconds ago, sent as operation `id`. */
const report = (s: Socket, id: string, second: number) =>
  s.subscribe(id, REPORT, { samples: [sample(Math.floor(Date.now() / 1000 - second) * 1000, 100)] });
const answered = (s: Socket, id: string) =>
  s.until(() => s.frames.some((f) => f.id === id && f.type === "next"), id);

// Reads the node table: while it is locked, the execution waits in PostgreSQL.
const READS_NODES = `{ workspaces(first: 1) { edges { node { nodes(first: 1) { edges { node { name } } } } } } }`;

describe("a socket's work in flight, whatever its client says (postgres)", () => {
  // Request limits out of the way: what is counted here is work, not requests.
  const api = useTestApi("postgres", { RATE_LIMIT_PER_MINUTE: "100000", RATE_LIMIT_PER_SECOND: "100000" });
  const endpoint = listenForSockets(api);
  let tenant: Tenant;
  before(async () => {
    tenant = await createTenant(api, "ws-work");
  });

  it("sending `complete` for running operations frees no place: past 64 at work the socket is closed (1008)", {
    timeout: 60_000,
  }, async () => {
    const s = await rawSocket(endpoint.ws, `Bearer ${tenant.integration.token}`);
    const lock = await lockNodeTable(api);
    try {
      // Each operation is forgotten by graphql-ws the moment it arrives; its execution goes on,
      // held by the lock. Before the fix the socket's count never passed 1 and it took them all.
      for (let i = 0; i < 70; i++) {
        s.subscribe(`op${i}`, READS_NODES);
        s.complete(`op${i}`);
      }
      s.subscribe("probe", "{ serverInfo { name } }");
      await s.until(
        () => s.closed() !== undefined || s.frames.some((f) => f.id === "probe"),
        "the socket closed or the probe answered",
      );
      const probe = s.frames.find((f) => f.id === "probe");
      assert.equal(
        probe,
        undefined,
        `the socket took an operation with 70 at work: ${JSON.stringify(probe)}`,
      );
      assert.equal(s.closed()?.code, 1008, JSON.stringify(s.closed()));
      assert.equal(
        s.frames.filter((f) => f.id?.startsWith("op")).length,
        0,
        "nothing answered for operations the client completed",
      );
    } finally {
      await lock.query("COMMIT").catch(() => {});
      await lock.end();
      s.close();
    }
    // The executions the lock held end once it is gone; the API still answers.
    const after = await api.gql(READS_NODES, {}, { token: tenant.integration.token });
    assert.equal(after.errors, undefined, JSON.stringify(after));
  });
});

describe("a caller's refusals over several sockets (pglite)", () => {
  // Three connections are admitted; every operation after them is refused and held 3 s.
  const HOLD_MS = 3000;
  const api = useTestApi("pglite", { RATE_LIMIT_PER_MINUTE: "3", RATE_LIMIT_HOLD_MS: String(HOLD_MS) });
  const endpoint = listenForSockets(api);

  it("3 sockets × 40 refused operations: the caller's 64 held places, the rest wait in line, none answered at once", {
    timeout: 60_000,
  }, async () => {
    const sockets = await Promise.all([
      rawSocket(endpoint.ws),
      rawSocket(endpoint.ws),
      rawSocket(endpoint.ws),
    ]);
    const answeredAt: number[] = [];
    const started = performance.now();
    for (const s of sockets) {
      const count = s.frames.length;
      const seen = new Set<string>();
      void s
        .until(() => {
          for (const frame of s.frames.slice(count))
            if (frame.type === "error" && frame.id && !seen.has(frame.id)) {
              seen.add(frame.id);
              assert.equal(frame.payload?.[0]?.extensions?.code, "RATE_LIMITED", JSON.stringify(frame));
              answeredAt.push(performance.now() - started);
            }
          return seen.size === 40;
        }, "40 refusals")
        .catch(() => {});
      // Under the socket's own cap (64): each socket alone is an ordinary client.
      for (let i = 0; i < 40; i++) s.subscribe(`r${i}`, "{ serverInfo { name } }");
    }
    await Promise.all(
      sockets.map((s) =>
        s.until(() => s.frames.filter((f) => f.type === "error").length === 40, "every refusal answered"),
      ),
    );
    answeredAt.sort((a, b) => a - b);
    // Timers never fire early: a held refusal comes HOLD_MS after it was decided, at the earliest.
    const atOnce = answeredAt.filter((ms) => ms < HOLD_MS - 50);
    assert.deepEqual(atOnce, [], "refusals answered before any hold could end (the caller's share exceeded)");
    // 64 in the first hold, the other 56 after a place freed: a second hold at least.
    assert.ok((answeredAt[119] ?? 0) >= 2 * HOLD_MS - 50, `last answered at ${answeredAt[119]} ms`);
    for (const s of sockets) {
      assert.equal(s.closed(), undefined, "each socket stays open");
      s.close();
    }
  });
});

describe("a socket's held refusals (pglite)", () => {
  // The connection is admitted; every operation after it is refused and held 3 s.
  const api = useTestApi("pglite", { RATE_LIMIT_PER_MINUTE: "1", RATE_LIMIT_HOLD_MS: "3000" });
  const endpoint = listenForSockets(api);

  it("a socket's held refusals are not work: 70 refused at once keep it open, each answered RATE_LIMITED", {
    timeout: 60_000,
  }, async () => {
    const s = await rawSocket(endpoint.ws);
    // Past the cap of work (64), a socket whose refusals counted as work was closed (1008) while
    // they were held; held refusals past 64 now pause reading the socket instead.
    for (let i = 0; i < 70; i++) s.subscribe(`h${i}`, "{ serverInfo { name } }");
    await s.until(
      () => s.closed() !== undefined || s.frames.filter((f) => f.type === "error").length === 70,
      "every refusal answered, or the socket closed",
    );
    assert.equal(s.closed(), undefined, `the socket was closed: ${JSON.stringify(s.closed())}`);
    for (const frame of s.frames.filter((f) => f.type === "error"))
      assert.equal(frame.payload?.[0]?.extensions?.code, "RATE_LIMITED", JSON.stringify(frame));
    s.close();
  });
});

describe("a new document over graphql-ws is charged before it is parsed, as over HTTP", () => {
  // Cost limit 1,000: the heavy threshold is 100, so a caller's budgets (execution, and new
  // documents by size) hold 100 each (10 a second).
  const api = useTestApi("pglite", {
    GRAPHQL_MAX_COST: "1000",
    GRAPHQL_COST_PER_SECOND: "10",
    RATE_LIMIT_HOLD_MS: "10",
  });
  let ws: string;
  before(async () => {
    const { port } = await api.server.listen(0, "127.0.0.1");
    ws = `ws://127.0.0.1:${port}/graphql`;
  });

  it("a socket that cannot afford parsing a new document is refused RATE_LIMITED, not parsed", async () => {
    const s = await rawSocket(ws);
    // 60 characters of the document budget for a new one; the next new one (300, not even GraphQL) is
    // refused before the parser sees it. Unfixed, it was parsed for free: a syntax error.
    s.subscribe("1", `{ serverInfo { name } ${" ".repeat(38)}}`);
    await s.until(() => s.frames.some((f) => f.id === "1" && f.type === "complete"), "first answered");
    const first = s.frames.find((f) => f.id === "1" && f.type === "next");
    assert.ok(first?.payload?.data?.serverInfo, JSON.stringify(s.frames));
    const junk = `{ not graphql ${"(".repeat(300)}`;
    for (const id of ["2", "3"]) {
      // Refused, it was never paid for: sent again, it is charged (and refused) again.
      s.subscribe(id, junk);
      await s.until(() => s.frames.some((f) => f.id === id && f.type === "error"), `${id} answered`);
      const refused = s.frames.find((f) => f.id === id && f.type === "error");
      assert.equal(refused?.payload?.[0]?.extensions?.code, "RATE_LIMITED", JSON.stringify(refused));
    }
    assert.equal(s.closed(), undefined);
    s.close();
  });
});

describe("agents' work over all the process's sockets (postgres)", () => {
  // Three agent operations at work in the whole process; request limits out of the way.
  const api = useTestApi("postgres", {
    RATE_LIMIT_PER_MINUTE: "100000",
    RATE_LIMIT_PER_SECOND: "100000",
    WS_PROCESS_MAX_OPERATIONS: "3",
  });
  const endpoint = listenForSockets(api);
  let tenant: Tenant;
  /** Agent keys of nodes of their own: an agent's first report reads its node (held by the lock). */
  const agentKeys: string[] = [];
  before(async () => {
    tenant = await createTenant(api, "ws-load");
    for (let i = 0; i < 16; i++) {
      const token = await createEnrollmentToken(api, tenant.owner, tenant.workspaceId);
      agentKeys.push((await enrollAgent(api, token, `ws-load-${i}`)).token);
    }
  });
  const gauge = (name: string) => metric(endpoint.base, name);
  const heldSockets = () => gauge("levee_graphql_ws_sockets_held");
  const agentOperations = () => gauge("levee_graphql_ws_agent_operations");
  /**
   * One report per socket, held by the lock: the first three are at work (waiting on the lock)
   * before the next `toHold` are sent, one at a time, so those are the sockets held.
   */
  const fillProcess = async (sockets: Socket[], prefix: string, toHold = 2) => {
    for (const [i, s] of sockets.slice(0, 3).entries()) report(s, `${prefix}${i}`, 5);
    await waitUntil("three reports at work", async () => (await agentOperations()) === 3);
    for (let i = 3; i < 3 + toHold; i++) {
      const s = sockets[i];
      assert.ok(s);
      report(s, `${prefix}${i}`, 5);
      await waitUntil(`socket ${i} held`, async () => (await heldSockets()) === i - 2);
    }
  };

  it("past WS_PROCESS_MAX_OPERATIONS an agent socket that sends more is not read until work ends; every report is answered", {
    timeout: 60_000,
  }, async () => {
    const sockets = await Promise.all(
      agentKeys.slice(0, 5).map((key) => rawSocket(endpoint.ws, `Bearer ${key}`)),
    );
    const lock = await lockNodeTable(api);
    try {
      await fillProcess(sockets, "first");
      // What a held socket sends meanwhile is not read.
      const held = sockets.slice(3);
      for (const [i, s] of held.entries()) report(s, `probe${i}`, 4);
      // Nor is an integration's or a user's work counted or held: a dashboard stays readable.
      const dashboard = await rawSocket(endpoint.ws, `Bearer ${tenant.integration.token}`);
      dashboard.subscribe("info", "{ serverInfo { name } }");
      await answered(dashboard, "info");
      dashboard.close();
      for (const s of held)
        assert.equal(
          s.frames.filter((f) => f.id?.startsWith("probe")).length,
          0,
          "a held socket's report was answered while the process was full",
        );
      // Still the five read before the cap held them (read, each probe would be a sixth and seventh).
      assert.equal(await agentOperations(), 5);
      assert.equal(await heldSockets(), 2);
    } finally {
      await lock.query("COMMIT").catch(() => {});
      await lock.end();
    }
    // The work ends: the held sockets are read again, and every report is answered.
    for (const [i, s] of sockets.entries()) {
      await answered(s, `first${i}`);
      assert.equal(s.closed(), undefined);
    }
    for (const [i, s] of sockets.slice(3).entries()) await answered(s, `probe${i}`);
    await waitUntil("no socket held", async () => (await heldSockets()) === 0);
    for (const s of sockets) s.close();
  });

  it("held sockets are all read again once the work ends, even behind ones with nothing more to send", {
    timeout: 60_000,
  }, async () => {
    const sockets = await Promise.all(
      agentKeys.slice(5, 13).map((key) => rawSocket(endpoint.ws, `Bearer ${key}`)),
    );
    const lock = await lockNodeTable(api);
    try {
      // 3 at work, then 5 held (8 at work in all): as the 8 end, the last 3 ends (under the cap)
      // each read one held socket, oldest first. The first three held send nothing more (an
      // agent waiting for its answer): read in their turn they bring no operation, so no end
      // passes the turn on to the two behind them, which have sent one.
      await fillProcess(sockets, "w", 5);
      for (const [i, s] of sockets.slice(6).entries()) report(s, `late${i}`, 4);
    } finally {
      await lock.query("COMMIT").catch(() => {});
      await lock.end();
    }
    for (const [i, s] of sockets.slice(6).entries()) await answered(s, `late${i}`);
    await waitUntil("no socket held", async () => (await heldSockets()) === 0);
    for (const s of sockets) s.close();
  });
});

describe("one agent key's share of the process's work (postgres)", () => {
  // The process's cap out of the way (default 512), request limits too: only the key's share bounds.
  const api = useTestApi("postgres", { RATE_LIMIT_PER_MINUTE: "100000", RATE_LIMIT_PER_SECOND: "100000" });
  const endpoint = listenForSockets(api);
  let tenant: Tenant;
  let stolenKey: string;
  let otherKey: string;
  before(async () => {
    tenant = await createTenant(api, "ws-key-share");
    const enrolled = [];
    for (const name of ["ws-share-stolen", "ws-share-other"]) {
      const token = await createEnrollmentToken(api, tenant.owner, tenant.workspaceId);
      enrolled.push((await enrollAgent(api, token, name)).token);
    }
    [stolenKey = "", otherKey = ""] = enrolled;
  });
  const gauge = (name: string) => metric(endpoint.base, name);

  it(`one key's operations past ${AGENT_KEY_SHARE} at work are refused on every socket; other agents are not`, {
    timeout: 60_000,
  }, async () => {
    const share = AGENT_KEY_SHARE;
    const refusals = () => gauge("levee_graphql_ws_key_share_refusals_total");
    const refusedBefore = await refusals();
    // A stolen key on three sockets writing 30, 6 and 6 reports, each socket's in one write,
    // during a stall (its node's first report waits on the lock): 42 sent, 8 counted, 34 refused.
    const stolen = await Promise.all([0, 1, 2].map(() => rawSocket(endpoint.ws, `Bearer ${stolenKey}`)));
    const other = await rawSocket(endpoint.ws, `Bearer ${otherKey}`);
    const lock = await lockNodeTable(api);
    const ids = [30, 6, 6].map((n, i) => Array.from({ length: n }, (_, j) => `s${i}-${j}`));
    const sent = 42;
    try {
      for (const [i, s] of stolen.entries())
        s.inOneWrite(() => {
          for (const [j, id] of (ids[i] ?? []).entries()) report(s, id, 100 - 30 * i - j);
        });
      // The refusals are answered while the stall goes on (after the rate limit's hold).
      const refused = (s: Socket) =>
        s.frames.filter((f) => f.type === "error" && f.payload?.[0]?.extensions?.code === "RATE_LIMITED");
      await waitUntil(
        `${sent - share} refused`,
        async () => stolen.reduce((n, s) => n + refused(s).length, 0) === sent - share,
      );
      const anyRefusal = stolen.flatMap(refused)[0];
      assert.match(anyRefusal?.payload?.[0]?.message ?? "", /operations at work on this API process/);
      report(other, "other", 5);
      await waitUntil(
        "the other agent's report at work",
        async () => (await gauge("levee_graphql_ws_agent_operations")) === share + 1,
      );
      assert.equal(await refusals(), refusedBefore + sent - share);
      assert.equal(await gauge("levee_graphql_ws_sockets_held"), 0, "the process's cap held nobody");
    } finally {
      await lock.query("COMMIT").catch(() => {});
      await lock.end();
    }
    // The stall ends: the counted reports are stored and answered, the other agent's too.
    await waitUntil(
      "the key's counted reports answered",
      async () => stolen.reduce((n, s) => n + s.frames.filter((f) => f.type === "next").length, 0) === share,
    );
    await answered(other, "other");
    assert.equal(other.frames.filter((f) => f.type === "error").length, 0);
    for (const s of [...stolen, other]) {
      assert.equal(s.closed(), undefined);
      s.close();
    }
  });
});
