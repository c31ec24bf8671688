// `npm start`: the whole platform on one machine with no configuration — the API (embedded
// PGlite+TimescaleDB under ./.levee/data unless DATABASE_URL is set), the web app, and a
// levee-agent for this machine (enrolled on first start; LEVEE_LOCAL_AGENT=false leaves it out).
// `--dev` runs the web app with `next dev` instead of the production build (otherwise the build is
// checked, and redone only when web sources changed, while the API starts; `--no-build` skips that).
// Each part runs as a child process with prefixed output; Ctrl-C or SIGTERM stops them all.
// Plain JavaScript: the launcher is on the path to every part's start, and loading it through tsx
// cost half a second of CPU before the API was spawned.
import { spawn } from "node:child_process";
import { existsSync, readFileSync, rmSync, statSync } from "node:fs";
import { setPriority } from "node:os";
import { basename, dirname, join, resolve } from "node:path";
import { currentBundle, manifestFileOf, root } from "./bundle-manifest.mjs";
import { clientIsCurrent } from "./prisma-client-stamp.mjs";
import { telemetryOff } from "./telemetry-off.mjs";

const apiPort = process.env.PORT ?? "4000";
const webPort = process.env.WEB_PORT ?? "3000";
const dev = process.argv.includes("--dev");
/** `--no-build`: the web build is known to be current (the e2e suite builds it first). */
const build = !dev && !process.argv.includes("--no-build");

/** @type {{ name: string; child: import("node:child_process").ChildProcess }[]} */
const parts = [];
let stopping = false;
/** One-shot children in flight (bundle builds, enrolment): a stop during the first start kills them too. */
const builds = new Set();

/**
 * @param {string} name
 * @param {string} command
 * @param {string[]} args
 * @param {string} cwd
 * @param {NodeJS.ProcessEnv} env
 * @param {{ essential?: boolean; background?: boolean; onExit?: (code: number | null) => void }} [options]
 *   essential: its exit stops Levee. background: runs at a lower CPU priority (nice 10), so on a busy
 *   machine it takes what the API and the agent leave. onExit: a one-shot step (the web build): its
 *   exit is handed here instead of stopping Levee when it succeeds.
 */
function run(name, command, args, cwd, env, { essential = true, background = false, onExit } = {}) {
  // A part whose bundle finished building after Ctrl-C must not start behind the stop's back.
  if (stopping) return;
  const child = spawn(command, args, {
    cwd,
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  if (background && child.pid !== undefined)
    try {
      setPriority(child.pid, 10);
    } catch {}
  for (const stream of [child.stdout, child.stderr]) {
    let buffered = "";
    stream?.on("data", (chunk) => {
      buffered += chunk.toString();
      const lines = buffered.split("\n");
      buffered = lines.pop() ?? "";
      for (const line of lines) process.stdout.write(`${name.padEnd(4)}| ${line}\n`);
    });
  }
  child.on("exit", (code, signal) => {
    if (onExit && code === 0) {
      parts.splice(
        parts.findIndex((p) => p.child === child),
        1,
      );
      return onExit(code);
    }
    if (!stopping && !essential) {
      process.stderr.write(`${name} exited (${signal ?? code}); the platform keeps running without it\n`);
    } else if (!stopping) {
      process.stderr.write(`${name} exited (${signal ?? code}); stopping Levee\n`);
      stop(code === 0 ? 1 : (code ?? 1));
    }
  });
  parts.push({ name, child });
}

function stop(exitCode = 0) {
  if (stopping) return;
  stopping = true;
  for (const build of builds) build.kill("SIGTERM");
  for (const { child } of parts) child.kill("SIGTERM");
  const deadline = setTimeout(() => {
    for (const child of [...builds, ...parts.map((p) => p.child)]) child.kill("SIGKILL");
    process.exit(exitCode || 1);
  }, 15_000);
  deadline.unref();
  Promise.all(
    parts.map(
      ({ child }) =>
        new Promise((r) => (child.exitCode !== null ? r(null) : child.on("exit", () => r(null)))),
    ),
  ).then(() => process.exit(exitCode));
}

process.on("SIGINT", () => stop(0));
process.on("SIGTERM", () => stop(0));

// The local agent keeps its configuration and queue beside the embedded data.
const dataDir = process.env.LEVEE_DATA_DIR
  ? resolve(process.env.LEVEE_DATA_DIR)
  : join(root, ".levee", "data");
const agentDir = process.env.LEVEE_LOCAL_AGENT_DIR ?? join(dirname(dataDir), `${basename(dataDir)}-agent`);
const agentConfig = join(agentDir, "agent.json");
const tokenFile = join(agentDir, "enroll.token");
const localAgent = process.env.LEVEE_LOCAL_AGENT !== "false";
const enrolled = existsSync(agentConfig);

/**
 * The node arguments that run a TypeScript entry point from its precompiled bundle
 * (scripts/precompile.ts), building it first when a source changed since (a second or two; only
 * then is TypeScript tooling loaded). Without a bundle, the sources through tsx.
 * @param {string} entry
 * @returns {Promise<string[]>}
 */
async function nodeArgs(entry) {
  const tsx = ["--import", "tsx", entry];
  // LEVEE_PRECOMPILE=false: the sources through tsx (to compare, or to rule the bundle out).
  if (process.env.LEVEE_PRECOMPILE === "false") return tsx;
  const bundle = currentBundle(manifestFileOf(entry)) ?? (await precompile(entry));
  if (bundle) return ["--enable-source-maps", bundle];
  // A build killed by a stop: nothing will run, so there is nothing to say.
  if (!stopping) process.stderr.write(`${entry}: no precompiled bundle; running it with tsx\n`);
  return tsx;
}

/**
 * Builds the bundle of `entry` (scripts/precompile.ts, through tsx) and resolves with its path, or
 * with undefined when that failed (its reason is on stderr).
 * @param {string} entry
 * @returns {Promise<string | undefined>}
 */
function precompile(entry) {
  const child = spawn(process.execPath, ["--import", "tsx", join(root, "scripts", "precompile.ts"), entry], {
    cwd: root,
    stdio: ["ignore", "pipe", "inherit"],
  });
  builds.add(child);
  let printed = "";
  child.stdout.on("data", (chunk) => (printed += chunk));
  return new Promise((resolve) => {
    child.on("error", () => resolve(undefined));
    child.on("exit", (code) => {
      builds.delete(child);
      resolve(code === 0 ? printed.trim() : undefined);
    });
  });
}

/**
 * `prisma generate` (scripts/prisma-generate.mjs), as `npm ci` runs it. Resolves when it ended; a
 * failure is on stderr and the API starts anyway (its own error then names what is missing).
 * @returns {Promise<void>}
 */
function generateClient() {
  process.stdout.write(
    "The Prisma client is missing or older than prisma/schema.prisma: generating it (as npm ci does)\n",
  );
  const child = spawn(process.execPath, [join(root, "scripts", "prisma-generate.mjs")], {
    cwd: root,
    stdio: ["ignore", "ignore", "inherit"],
  });
  builds.add(child);
  return new Promise((resolve) => {
    child.on("error", () => resolve());
    child.on("exit", () => {
      builds.delete(child);
      resolve();
    });
  });
}

/** A `git pull` that moved package-lock.json after the last `npm ci`: the installed packages may be older. */
function dependenciesOlderThanLock() {
  try {
    return (
      statSync(join(root, "package-lock.json")).mtimeMs >
      statSync(join(root, "node_modules", ".package-lock.json")).mtimeMs
    );
  } catch {
    return false;
  }
}

if (dependenciesOlderThanLock())
  process.stderr.write(
    "package-lock.json is newer than the installed packages: run `npm ci` if Levee fails to start\n",
  );
// A client generated from an older schema (a `git pull` without `npm ci`) fails on the first query
// naming a new column, long after the start looked fine: generate it again first (a few seconds,
// and only then; the API bundle's inputs include the client, so it is rebuilt after).
if (!clientIsCurrent(root)) await generateClient();

// The API first: it is what everything else waits for, so it is spawned before the other bundles are
// even checked. Then the local agent (once enrolled it needs nothing from the API to start sampling;
// it queues until the API answers), then the web build check and the web app, in the background.
// --wasm-tiering-budget ten times V8's default: embedded PostgreSQL (WebAssembly) is optimised only
// where it keeps running, not everywhere the start passes once (migrations check, bootstrap). That
// saved 0.2-0.7 s of the API's start CPU (2.6-2.9 s against 3.1-3.3 s at load 8.5); a steady query
// workload after warm-up cost the same either way (3.2-6.0 s CPU both, n=6 each, load 6-8).
// --max-semi-space-size=64 (MB; V8's default is 16), the same as api/package.json's `start` and the
// benchmarks' API: pages of 200 nodes (~160 KB of result each, and their objects) under a flood
// are short-lived garbage the default young generation is too small for. In bench:abuse the
// collector was 23 % of the event loop's stretches of 20 ms or more, 12 % with 64 MB, and the mean
// ratio fell (3.79 → 3.14×, 2.61 → 2.32×, pairs in the same sitting). The cost is memory: V8 sizes
// the young generation at three semi-spaces (large objects included) and grows it only as allocation
// needs, so at most 3 × 48 = 144 MB more under such load (heap_size_limit 4,144 → 4,288 MB).
const apiFlags = ["--wasm-tiering-budget=18000000", "--max-semi-space-size=64"];
run(
  "api",
  process.execPath,
  [...apiFlags, ...(await nodeArgs(join(root, "api", "src", "main.ts")))],
  join(root, "api"),
  {
    PORT: apiPort,
    // The embedded platform is a local one: GraphiQL on unless GRAPHIQL=false (production API
    // processes started on their own default to off).
    GRAPHIQL: process.env.GRAPHIQL ?? "true",
    // The web app below calls the API from loopback and passes each browser's address: believe it
    // from loopback only (a client reaching the API from elsewhere keeps its socket address).
    TRUST_PROXY: process.env.TRUST_PROXY ?? "127.0.0.1,::1",
    // Links in alerts and status page e-mails lead to this web app: on WEB_PORT, not the API's
    // default of port 3000 (an e-mail from `WEB_PORT=3105 npm start` linked to a port nobody served).
    PUBLIC_WEB_URL: process.env.PUBLIC_WEB_URL ?? `http://localhost:${webPort}`,
    ...(localAgent && !enrolled ? { LEVEE_LOCAL_AGENT_TOKEN_FILE: tokenFile } : {}),
  },
);
const agentEntry = localAgent ? nodeArgs(join(root, "agent", "bin", "levee-agent.ts")) : undefined;
if (localAgent)
  void startLocalAgent().catch((error) => {
    process.stderr.write(`local agent not started: ${error.message}\n`);
  });
const webEntry = nodeArgs(join(root, "web", "server.ts"));
if (!build) void startWeb();
else {
  // `next build` only when web sources changed (turbo's cache), beside the API's start rather than before it.
  const turbo = join(root, "node_modules", ".bin", "turbo");
  run(
    "web",
    turbo,
    ["run", "build", "--filter=@levee/web", "--output-logs=errors-only"],
    root,
    telemetryOff(process.env),
    {
      background: true,
      onExit: (code) => {
        if (code === 0) void startWeb();
      },
    },
  );
}
process.stdout.write(
  `\nLevee is starting: API + GraphiQL http://localhost:${apiPort}/graphql · web http://localhost:${webPort}\n` +
    (localAgent ? `A local levee-agent reports this machine's traffic (${agentConfig}).\n\n` : "\n"),
);

/**
 * web/server.ts: Next.js plus the /graphql WebSocket upgrade proxy (live dashboards through the web
 * origin). In the background: its start (a second or more of CPU) must not slow the API's, which the
 * dashboard needs first anyway.
 */
async function startWeb() {
  const entry = await webEntry;
  if (stopping) return;
  run(
    "web",
    process.execPath,
    [...entry, ...(dev ? ["--dev"] : [])],
    join(root, "web"),
    {
      ...telemetryOff(process.env),
      LEVEE_API_URL: `http://127.0.0.1:${apiPort}`,
      WEB_PORT: webPort,
      NODE_ENV: dev ? "development" : "production",
    },
    { background: true },
  );
}

/**
 * Enrolls this machine's agent on first start (token left by the API, so after the API answers), then
 * runs it; an enrolled agent runs at once. Its back-off is capped at 100 ms (it waits 50-100 ms between tries): the API it waits for is
 * on loopback and starting beside it (a refused connect costs it nothing), and a restart should show
 * live traffic as soon as the API answers.
 */
async function startLocalAgent() {
  const entry = (await agentEntry) ?? [];
  const api = `http://127.0.0.1:${apiPort}`;
  if (!existsSync(agentConfig)) {
    for (
      let i = 0;
      !(await fetch(`${api}/healthz`).then(
        (r) => r.ok,
        () => false,
      ));
      i++
    ) {
      if (stopping || i > 600) return;
      await new Promise((r) => setTimeout(r, 250));
    }
    if (!existsSync(tokenFile)) throw new Error(`no enrolment token at ${tokenFile}`);
    const token = readFileSync(tokenFile, "utf8").trim();
    // Not spawnSync: the launcher stays responsive (Ctrl-C during enrolment stops it too).
    const enroll = await new Promise((resolveEnroll) => {
      const child = spawn(
        process.execPath,
        [
          ...entry,
          "enroll",
          "--api",
          api,
          "--token",
          token,
          "--config",
          agentConfig,
          "--state-dir",
          join(agentDir, "state"),
        ],
        { cwd: root, stdio: ["ignore", "pipe", "pipe"] },
      );
      builds.add(child);
      let output = "";
      child.stdout.on("data", (chunk) => (output += chunk));
      child.stderr.on("data", (chunk) => (output += chunk));
      child.on("error", (error) => resolveEnroll({ status: null, output: error.message }));
      child.on("exit", (code) => {
        builds.delete(child);
        resolveEnroll({ status: code, output });
      });
    });
    // Stopped during enrolment: the token stays, so the next start finishes with it (the API may
    // have accepted it already; a new token would enrol this machine a second time).
    if (stopping) return;
    rmSync(tokenFile, { force: true });
    if (enroll.status !== 0) throw new Error(`levee-agent enroll failed: ${enroll.output}`);
  }
  if (!stopping)
    run(
      "agt",
      process.execPath,
      [...entry, "run", "--config", agentConfig],
      root,
      { LEVEE_AGENT_RETRY_MAX_MS: "100" },
      { essential: false },
    );
}
