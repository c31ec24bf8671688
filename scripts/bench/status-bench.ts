// npm run bench:status — one public status page under 200 concurrent clients (autocannon), beside the
// very same HTML saved to a file and served by a plain Node static server, in the same run on the same
// machine: p50/p99 latency, requests/s and bytes a response of each, and the p99 ratio (target: status
// p99 ≤ 3× static); then the status page again to clients taking gzip.
// The platform is real (API + PostgreSQL + the built web app); the page lists three nodes, one of which
// has reported telemetry and had an incident, so the render does the work a real page does.
import { createReadStream, mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import autocannon from "autocannon";
import { AgentSimulator } from "../e2e/support/agent-simulator.ts";
import { startPlatform, waitFor } from "../e2e/support/platform.ts";

const CONNECTIONS = Number(process.env.BENCH_STATUS_CONNECTIONS ?? 200);
const SECONDS = Number(process.env.BENCH_STATUS_SECONDS ?? 15);
const TARGET_RATIO = 3;

async function gql(apiUrl: string, query: string, variables: unknown, cookie?: string) {
  const response = await fetch(`${apiUrl}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json", ...(cookie ? { cookie: `levee_session=${cookie}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { data?: Record<string, any>; errors?: unknown };
  if (!body.data) throw new Error(JSON.stringify(body.errors));
  return { data: body.data, cookies: response.headers.getSetCookie() };
}

async function run(name: string, url: string, headers: Record<string, string> = {}) {
  const result = await autocannon({
    url,
    connections: CONNECTIONS,
    duration: SECONDS,
    pipelining: 1,
    headers,
  });
  const line = {
    name,
    p50: result.latency.p50,
    p99: result.latency.p99,
    reqPerSec: Math.round(result.requests.average),
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
    // Bytes on the wire a response, headers included.
    bytes: Math.round(result.throughput.total / Math.max(result.requests.total, 1)),
  };
  console.log(
    `${name.padEnd(18)} p50 ${String(line.p50).padStart(5)} ms  p99 ${String(line.p99).padStart(5)} ms  ${String(line.reqPerSec).padStart(6)} req/s  ${String(line.bytes).padStart(6)} B/response  non-2xx ${line.non2xx}  errors ${line.errors}`,
  );
  return line;
}

const platform = await startPlatform();
const dir = mkdtempSync(join(tmpdir(), "levee-status-bench-"));
let agent: AgentSimulator | undefined;
let staticServer: ReturnType<typeof createServer> | undefined;
try {
  const api = platform.apiUrl;
  const signup = await gql(api, `mutation($input: SignupInput!) { signup(input: $input) { __typename } }`, {
    input: { email: "bench@example.com", name: "Bench", password: "tidal-gate-keeps-floods-out" },
  });
  const cookie =
    signup.cookies
      .find((c) => c.startsWith("levee_session="))
      ?.split(";")[0]
      ?.slice(14) ?? "";
  const created = await gql(
    api,
    `mutation { createWorkspace(input: { name: "Bench status", slug: "bench-status" }) {
      ... on WorkspacePayload { workspace { id } } } }`,
    {},
    cookie,
  );
  const workspaceId = created.data.createWorkspace.workspace.id as string;
  const token = await gql(
    api,
    `mutation($w: ID!) { createEnrollmentToken(input: { workspaceId: $w }) { ... on CreateEnrollmentTokenPayload { token } } }`,
    { w: workspaceId },
    cookie,
  );
  agent = await AgentSimulator.enrol(api, token.data.createEnrollmentToken.token, "bench-edge-1");
  agent.start();
  await waitFor("samples", async () => (agent?.sent ?? 0) >= 3);
  const nodes = [{ nodeId: agent.nodeId, displayName: "Edge Paris" }];
  for (const name of ["bench-edge-2", "bench-edge-3"]) {
    const node = await gql(
      api,
      `mutation($input: CreateNodeInput!) { createNode(input: $input) { ... on NodePayload { node { id } } } }`,
      { input: { workspaceId, name } },
      cookie,
    );
    nodes.push({ nodeId: node.data.createNode.node.id, displayName: name.replace("bench-edge", "Edge") });
  }
  await gql(
    api,
    `mutation($input: UpdateStatusPageInput!) { updateStatusPage(input: $input) { __typename } }`,
    { input: { workspaceId, enabled: true, public: true, title: "Bench status", description: "", nodes } },
    cookie,
  );
  agent.stop();

  const pageUrl = `${platform.webUrl}/s/bench-status`;
  const html = await waitFor("the page", async () => {
    const r = await fetch(pageUrl);
    return r.status === 200 ? r.text() : undefined;
  });
  const file = join(dir, "index.html");
  writeFileSync(file, html);
  const size = statSync(file).size;
  // A plain static file server: stat, then stream the file from disk, as serve-static does.
  staticServer = createServer((_req, res) => {
    res.writeHead(200, { "content-type": "text/html; charset=utf-8", "content-length": size });
    createReadStream(file).pipe(res);
  });
  await new Promise<void>((resolve) => staticServer?.listen(0, "127.0.0.1", resolve));
  const { port } = staticServer.address() as { port: number };

  console.log(
    `status page ${pageUrl}: ${(size / 1024).toFixed(1)} KiB of HTML; ${CONNECTIONS} clients, ${SECONDS} s each`,
  );
  if (process.env.BENCH_STATUS_DEBUG) {
    for (let i = 0; i < 3; i++) {
      const t = Date.now();
      const r = await fetch(pageUrl);
      await r.text();
      console.log(r.status, Date.now() - t, "ms", JSON.stringify(Object.fromEntries(r.headers)));
    }
  }
  // Static first; then the status page is warmed (as a page people visit is) and measured at once.
  const statik = await run("static file", `http://127.0.0.1:${port}/`);
  await run("warm-up", pageUrl).catch(() => undefined);
  if (process.env.BENCH_STATUS_DEBUG) {
    const t = Date.now();
    const r = await fetch(pageUrl, { signal: AbortSignal.timeout(20_000) });
    const text = await r.text();
    console.log("after static:", r.status, Date.now() - t, "ms", text.length, r.headers.get("x-levee-cache"));
  }
  const status = await run("status page", pageUrl);
  // The same page to clients that take gzip: cached copies are sent gzip-encoded (web/src/lib/status/gzip-response.ts).
  const gzipped = await run("status page, gzip", pageUrl, { "accept-encoding": "gzip" });
  console.log(
    `gzip: ${(status.bytes / Math.max(gzipped.bytes, 1)).toFixed(1)}× fewer bytes a response, req/s ${(gzipped.reqPerSec / Math.max(status.reqPerSec, 1)).toFixed(2)}× of plain`,
  );
  if (status.errors > 0 || status.non2xx > 0 || status.reqPerSec === 0)
    console.log(`web/API output:\n${platform.logs().slice(-4000)}`);
  const measured = status.reqPerSec > 0 && statik.reqPerSec > 0;
  const ratio = status.p99 / Math.max(statik.p99, 1);
  if (!measured) console.log("p99 ratio: NOT MEASURED (a run served no request)");
  else
    console.log(
      `p99 ratio status/static: ${ratio.toFixed(2)}× (target ≤ ${TARGET_RATIO}×) — ${ratio <= TARGET_RATIO ? "MET" : "NOT MET"}; req/s ratio ${(status.reqPerSec / Math.max(statik.reqPerSec, 1)).toFixed(2)}`,
    );
} finally {
  agent?.stop();
  staticServer?.close();
  await platform.stop();
  rmSync(dir, { recursive: true, force: true });
}
