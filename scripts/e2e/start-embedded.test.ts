import assert from "node:assert/strict";
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { request as httpRequest } from "node:http";
import { type AddressInfo, createServer } from "node:net";
import { availableParallelism, loadavg, tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { after, before, describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";
import { firstTrafficUpdate } from "./live-traffic.ts";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
/**
 * Issue 12's target is live traffic within 5 s of the second `npm start`; the figure is printed
 * beside the load. `npm test` runs this file alone, after the others (run-tests.mjs ALONE): beside
 * another file on 2 cores the same start took 6–10 s, a measure of the neighbours. The assertion is
 * a ceiling that catches a broken restart, not the target (a timed bound would fail on a slow
 * machine); `bench:recovery` (npm-start row) prints the figure against the target too.
 */
const RESTART_TARGET_MS = 5_000;
const RESTART_CEILING_MS = 45_000;

interface Running {
  child: ChildProcess;
  output: () => string;
  stop(): Promise<number | null>;
}

/**
 * Runs the embedded platform as `npm start` does, on free ports and a temporary data folder
 * (`--no-build`: the suite built the web app itself, before).
 */
function start(env: Record<string, string>): Running {
  const child = spawn(process.execPath, ["scripts/start-embedded.mjs", "--no-build"], {
    cwd: root,
    env: { ...process.env, ...env, NODE_ENV: "production", LOG_LEVEL: "info" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let text = "";
  child.stdout?.on("data", (chunk) => (text += chunk));
  child.stderr?.on("data", (chunk) => (text += chunk));
  return {
    child,
    output: () => text,
    stop: () =>
      new Promise((resolve) => {
        child.on("exit", (code) => resolve(code));
        child.kill("SIGTERM");
      }),
  };
}

async function freePort(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return String(port);
}

async function waitFor(url: string, timeoutMs = 240_000) {
  const started = Date.now();
  while (Date.now() - started < timeoutMs) {
    if (
      await fetch(url).then(
        (r) => r.status < 500,
        () => false,
      )
    )
      return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${url} did not answer within ${timeoutMs} ms`);
}

describe("npm start (embedded: PGlite+TimescaleDB, in-process jobs and pub/sub)", () => {
  const dataDir = mkdtempSync(join(tmpdir(), "levee-e2e-"));
  let apiPort = "";
  let webPort = "";
  let env: Record<string, string> = {};
  let running: Running;
  let password = "";

  /** Signs in as the first owner on the API (or the web app's /graphql); returns the session cookie. */
  async function signIn(port = apiPort): Promise<string> {
    const login = await fetch(`http://127.0.0.1:${port}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        query: `mutation($i: LoginInput!) { login(input: $i) { __typename } }`,
        variables: { i: { email: "admin@levee.local", password } },
      }),
    });
    assert.equal(((await login.json()) as any).data.login.__typename, "SessionPayload");
    return (
      login.headers
        .getSetCookie()
        .find((c) => c.startsWith("levee_session="))
        ?.split(";")[0] ?? ""
    );
  }

  /** The local agent's node, with its per-second traffic since `from`. */
  async function localNode(cookie: string, from: Date) {
    // One workspace, one node: the API prices each traffic series at 1,000 points, so default pages of
    // 50 workspaces × 50 nodes would exceed GRAPHQL_MAX_COST and be refused.
    const query = `query($from: DateTime!) { workspaces(first: 1) { edges { node { nodes(first: 1) { edges { node {
      id name status traffic(from: $from, resolution: SECOND) { points { ts } } } } } } } } }`;
    const answer = await fetch(`http://127.0.0.1:${apiPort}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json", cookie },
      body: JSON.stringify({ query, variables: { from: from.toISOString() } }),
    });
    const body = (await answer.json()) as any;
    return body.data?.workspaces.edges[0]?.node.nodes.edges[0]?.node as
      | { id: string; status: string; traffic: { points: { ts: string }[] } }
      | undefined;
  }

  before(async () => {
    apiPort = await freePort();
    webPort = await freePort();
    env = { LEVEE_DATA_DIR: dataDir, PORT: apiPort, WEB_PORT: webPort, HOST: "127.0.0.1" };
    if (!existsSync(join(root, "web", ".next", "BUILD_ID"))) {
      const build = spawnSync(join(root, "node_modules", ".bin", "next"), ["build"], {
        cwd: join(root, "web"),
        stdio: "inherit",
      });
      assert.equal(build.status, 0, "next build failed");
    }
    running = start(env);
    await waitFor(`http://127.0.0.1:${apiPort}/healthz`);
    await waitFor(`http://127.0.0.1:${webPort}/login`);
  });
  after(async () => {
    if (running.child.exitCode === null) await running.stop();
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(`${dataDir}-agent`, { recursive: true, force: true });
  });

  it("creates the first owner and prints how to sign in", () => {
    const match = running.output().match(/Sign in with e-mail (\S+) and password (\S+)/);
    assert.ok(match, running.output());
    assert.equal(match[1], "admin@levee.local");
    password = match[2] as string;
  });

  it("serves GraphiQL on the API port with the embedded TimescaleDB engine", async () => {
    const page = await fetch(`http://127.0.0.1:${apiPort}/graphql`, { headers: { accept: "text/html" } });
    assert.match(await page.text(), /Levee GraphQL/);
    const health = (await (await fetch(`http://127.0.0.1:${apiPort}/healthz`)).json()) as any;
    assert.equal(health.database.engine, "pglite");
    assert.equal(health.database.timescale, true);
  });

  it("signs in through the web app's /graphql and shows the workspace", async () => {
    const cookie = await signIn(webPort);
    const home = await (await fetch(`http://127.0.0.1:${webPort}/`, { headers: { cookie } })).text();
    assert.match(home, /Main workspace/);
  });

  it("serves the login page and the dashboard under a nonce CSP with no violation in Chromium", async () => {
    const response = await fetch(`http://127.0.0.1:${webPort}/login`);
    const policy = response.headers.get("content-security-policy") ?? "";
    assert.match(policy, /script-src 'self' 'nonce-[^']+' 'strict-dynamic'/);
    assert.match(policy, /frame-ancestors 'none'/);
    assert.equal(response.headers.get("x-content-type-options"), "nosniff");
    assert.equal(response.headers.get("x-frame-options"), "DENY");
    const session = await signIn(webPort);
    const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--no-sandbox"] });
    try {
      for (const [path, cookie] of [
        ["/login", ""],
        ["/", session],
      ] as const) {
        const context = await browser.newContext();
        if (cookie) {
          const [name, value] = cookie.split("=") as [string, string];
          await context.addCookies([{ name, value, url: `http://127.0.0.1:${webPort}` }]);
        }
        const page = await context.newPage();
        const violations: string[] = [];
        page.on("console", (message) => {
          if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
        });
        await page.addInitScript({
          content: `document.addEventListener("securitypolicyviolation", (e) =>
            console.error("Content Security Policy violation: " + e.violatedDirective + " " + e.blockedURI));`,
        });
        await page.goto(`http://127.0.0.1:${webPort}${path}`, { waitUntil: "networkidle" });
        // Next's inline bootstrap scripts ran (they carry the nonce): the page hydrated.
        assert.equal(await page.evaluate("Array.isArray(self.__next_f)"), true);
        assert.deepEqual(violations, [], `${path}: ${violations.join("; ")}`);
        await context.close();
      }
    } finally {
      await browser.close();
    }
  });

  it("runs a local levee-agent: this machine is a node, ONLINE, with per-second traffic", async () => {
    const cookie = await signIn();
    const from = new Date(Date.now() - 60_000);
    let node: Awaited<ReturnType<typeof localNode>>;
    for (let i = 0; i < 120; i++) {
      node = await localNode(cookie, from);
      if (node?.status === "ONLINE" && node.traffic.points.length >= 2) break;
      await new Promise((r) => setTimeout(r, 500));
    }
    assert.equal(node?.status, "ONLINE", running.output().slice(-3000));
    assert.ok((node?.traffic.points.length ?? 0) >= 2);
    assert.ok(existsSync(`${dataDir}-agent/agent.json`), "enrolled once; the token file is gone");
    assert.ok(!existsSync(`${dataDir}-agent/enroll.token`));
  });

  it("stops cleanly, keeps its data across a restart, and streams the local node's live traffic again", async () => {
    // The session and the node outlive the restart: the dashboard's socket just reconnects.
    const cookie = await signIn();
    const nodeId = (await localNode(cookie, new Date()))?.id as string;
    assert.ok(nodeId);
    assert.equal(await running.stop(), 0);
    const loadBefore = loadavg()[0] ?? 0;
    const restarted = new Date();
    running = start(env);
    // Issue 12's figure: from the second start command to the first per-second sample of the local
    // node stored after it (the platform works after a restart, not only keeps its data: the first
    // restart used to fail every write). Polled every 100 ms; the API may not answer yet.
    const firstStored = (async () => {
      for (const giveUp = Date.now() + 120_000; Date.now() < giveUp; ) {
        const node = await localNode(cookie, restarted).catch(() => undefined);
        if (node?.traffic.points.some((p) => Date.parse(p.ts) >= restarted.getTime())) return Date.now();
        await new Promise((r) => setTimeout(r, 100));
      }
      throw new Error(`no new sample of the local node after the restart: ${running.output().slice(-3000)}`);
    })();
    // What a dashboard left open sees: its graphql-ws subscription (straight to the API, and
    // through the web origin's proxy) reconnects and gets the next traffic update.
    const onApi = firstTrafficUpdate(`ws://127.0.0.1:${apiPort}/graphql`, cookie, nodeId).then((update) => ({
      update,
      at: Date.now(),
    }));
    const onWeb = firstTrafficUpdate(`ws://127.0.0.1:${webPort}/graphql`, cookie, nodeId).then((update) => ({
      update,
      at: Date.now(),
    }));
    const [storedAt, api, web] = await Promise.all([firstStored, onApi, onWeb]);
    assert.equal(api.update.nodeId, nodeId);
    assert.equal(web.update.nodeId, nodeId);
    assert.doesNotMatch(running.output(), /First start/);
    const since = (at: number) => `${((at - restarted.getTime()) / 1000).toFixed(1)} s`;
    const load = Math.max(loadBefore, loadavg()[0] ?? 0);
    const listening = running.output().match(/"cpuMs":(\d+)/)?.[1];
    console.log(
      `restart: the local node's first sample stored ${since(storedAt)} after the second start; live traffic on graphql-ws ${since(api.at)} (API), ${since(web.at)} through the web origin; the API listened after ${listening ?? "?"} ms of CPU (target ${RESTART_TARGET_MS / 1000} s; load average ${load.toFixed(1)} on ${availableParallelism()} cores)`,
    );
    assert.ok(
      Math.max(storedAt, api.at, web.at) - restarted.getTime() <= RESTART_CEILING_MS,
      `first new sample ${storedAt - restarted.getTime()} ms after the second start, over ${RESTART_CEILING_MS} ms (load ${load.toFixed(1)}): ${running.output().slice(-3000)}`,
    );
    const health = await fetch(`http://127.0.0.1:${apiPort}/healthz`);
    assert.equal(health.status, 200, await health.text());
  });

  it("links alerts to the web app on WEB_PORT (PUBLIC_WEB_URL follows it)", async () => {
    // An e-mail alert from `WEB_PORT=3105 npm start` linked to http://localhost:3000: the API's own
    // default. A PagerDuty channel's callback URL is built from the same base.
    const cookie = await signIn();
    const workspaces = await fetch(`http://127.0.0.1:${apiPort}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json", cookie },
      body: JSON.stringify({ query: "{ workspaces(first: 1) { edges { node { id } } } }" }),
    });
    const workspaceId = ((await workspaces.json()) as any).data.workspaces.edges[0].node.id as string;
    const created = await fetch(`http://127.0.0.1:${apiPort}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json", cookie },
      body: JSON.stringify({
        query: `mutation($i: CreateAlertChannelInput!) { createAlertChannel(input: $i) {
          ... on AlertChannelPayload { channel { callbackUrl } } ... on Error { message } } }`,
        variables: {
          i: {
            workspaceId,
            kind: "PAGERDUTY",
            name: "on-call",
            settings: { routingKey: "R0123456789abcdef0123456789abcdef" },
          },
        },
      }),
    });
    const text = await created.text();
    const url = (JSON.parse(text) as any).data?.createAlertChannel?.channel?.callbackUrl as
      | string
      | undefined;
    assert.ok(url?.startsWith(`http://localhost:${webPort}/hooks/alerts/`), text);
  });

  it("passes each browser's own address through the web app to the API (never one it typed)", async () => {
    // Two browsers on other loopback addresses act through the web app, one claiming another
    // address in X-Forwarded-For; the workspace's audit log records what each socket was.
    await waitFor(`http://127.0.0.1:${webPort}/login`);
    const cookie = await signIn();
    const workspaces = await fetch(`http://127.0.0.1:${apiPort}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json", cookie },
      body: JSON.stringify({ query: "{ workspaces(first: 1) { edges { node { id } } } }" }),
    });
    const workspaceId = ((await workspaces.json()) as any).data.workspaces.edges[0].node.id as string;
    for (const [address, claimed] of [
      ["127.0.0.2", "203.0.113.9"],
      ["127.0.0.3", undefined],
    ] as const) {
      const body = JSON.stringify({
        query: `mutation($i: CreateEnrollmentTokenInput!) { createEnrollmentToken(input: $i) { __typename } }`,
        variables: { i: { workspaceId } },
      });
      const answer = await postFrom(address, `http://127.0.0.1:${webPort}/graphql`, body, cookie, claimed);
      assert.match(answer, /CreateEnrollmentTokenPayload/);
    }
    const audit = await fetch(`http://127.0.0.1:${apiPort}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json", cookie },
      body: JSON.stringify({
        query: `query($w: ID!) { auditLog(workspaceId: $w, first: 10, action: "enrollment") { edges { node { action ip } } } }`,
        variables: { w: workspaceId },
      }),
    });
    const text = await audit.text();
    const ips = [...text.matchAll(/"ip":"([^"]*)"/g)].map((m) => m[1]);
    assert.ok(ips.includes("127.0.0.2"), text);
    assert.ok(ips.includes("127.0.0.3"), text);
    assert.ok(!ips.includes("203.0.113.9"), `a client-typed X-Forwarded-For was believed: ${text}`);
  });
});

/** A POST from a given local address (the web app sees it as the socket's peer). */
function postFrom(
  localAddress: string,
  url: string,
  body: string,
  cookie: string,
  forwardedFor?: string,
): Promise<string> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string | number> = {
      "content-type": "application/json",
      "content-length": Buffer.byteLength(body),
      cookie,
    };
    if (forwardedFor) headers["x-forwarded-for"] = forwardedFor;
    const req = httpRequest(url, { method: "POST", localAddress, headers }, (res) => {
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (chunk) => (text += chunk));
      res.on("end", () => resolve(text));
    });
    req.on("error", reject);
    req.end(body);
  });
}
