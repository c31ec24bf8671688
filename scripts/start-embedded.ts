// `npm start`: the whole platform on one machine with no configuration — the API (embedded
// PGlite+TimescaleDB under ./.levee/data unless DATABASE_URL is set), the web app, and a
// levee-agent for this machine (enrolled on first start; LEVEE_LOCAL_AGENT=false leaves it out).
// `--dev` runs the web app with `next dev` instead of the production build (otherwise the build is
// checked, and redone only when web sources changed, while the API starts; `--no-build` skips that).
// Each part runs as a child process with prefixed output; Ctrl-C or SIGTERM stops them all.
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { existsSync, readFileSync, rmSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { nodeArgs } from "./precompile.ts";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const apiPort = process.env.PORT ?? "4000";
const webPort = process.env.WEB_PORT ?? "3000";
const dev = process.argv.includes("--dev");
/** `--no-build`: the web build is known to be current (the e2e suite builds it first). */
const build = !dev && !process.argv.includes("--no-build");

const parts: { name: string; child: ChildProcess }[] = [];
let stopping = false;

function run(
  name: string,
  command: string,
  args: string[],
  cwd: string,
  env: NodeJS.ProcessEnv,
  essential = true,
  /** A one-shot step (the web build): its exit is handed here instead of stopping Levee when it succeeds. */
  onExit?: (code: number | null) => void,
) {
  const child = spawn(command, args, {
    cwd,
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  for (const stream of [child.stdout, child.stderr]) {
    let buffered = "";
    stream?.on("data", (chunk: Buffer) => {
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
  for (const { child } of parts) child.kill("SIGTERM");
  const deadline = setTimeout(() => {
    for (const { child } of parts) child.kill("SIGKILL");
    process.exit(exitCode || 1);
  }, 15_000);
  deadline.unref();
  Promise.all(
    parts.map(({ child }) => new Promise((r) => (child.exitCode !== null ? r(null) : child.on("exit", r)))),
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

// Each part runs from its precompiled bundle (scripts/precompile.ts: rebuilt only when a source
// changed), so a start does not spend its first many seconds in the tsx loader.
const [apiEntry, webEntry, agentEntry] = await Promise.all([
  nodeArgs(join(root, "api", "src", "main.ts")),
  nodeArgs(join(root, "web", "server.ts")),
  nodeArgs(join(root, "agent", "bin", "levee-agent.ts")),
]);

// Everything starts at once: the API, the local agent (once enrolled it needs nothing from the API to
// start sampling; it queues until the API answers), and the web build check followed by the web app.
run("api", process.execPath, apiEntry, join(root, "api"), {
  PORT: apiPort,
  // The embedded platform is a local one: GraphiQL on unless GRAPHIQL=false (production API
  // processes started on their own default to off).
  GRAPHIQL: process.env.GRAPHIQL ?? "true",
  // The web app below calls the API from loopback and passes each browser's address: believe it
  // from loopback only (a client reaching the API from elsewhere keeps its socket address).
  TRUST_PROXY: process.env.TRUST_PROXY ?? "127.0.0.1,::1",
  ...(localAgent && !enrolled ? { LEVEE_LOCAL_AGENT_TOKEN_FILE: tokenFile } : {}),
});
if (!build) startWeb();
else {
  // `next build` only when web sources changed (turbo's cache), beside the API's start rather than before it.
  const turbo = join(root, "node_modules", ".bin", "turbo");
  run(
    "web",
    turbo,
    ["run", "build", "--filter=@levee/web", "--output-logs=errors-only"],
    root,
    {},
    true,
    (code) => {
      if (code === 0) startWeb();
    },
  );
}
process.stdout.write(
  `\nLevee is starting: API + GraphiQL http://localhost:${apiPort}/graphql · web http://localhost:${webPort}\n` +
    (localAgent ? `A local levee-agent reports this machine's traffic (${agentConfig}).\n\n` : "\n"),
);
if (localAgent)
  void startLocalAgent().catch((error) => {
    process.stderr.write(`local agent not started: ${(error as Error).message}\n`);
  });

/** web/server.ts: Next.js plus the /graphql WebSocket upgrade proxy (live dashboards through the web origin). */
function startWeb() {
  if (stopping) return;
  run("web", process.execPath, [...webEntry, ...(dev ? ["--dev"] : [])], join(root, "web"), {
    LEVEE_API_URL: `http://127.0.0.1:${apiPort}`,
    WEB_PORT: webPort,
    NODE_ENV: dev ? "development" : "production",
  });
}

/**
 * Enrolls this machine's agent on first start (token left by the API, so after the API answers), then
 * runs it; an enrolled agent runs at once. Its back-off is capped at 250 ms: the API it waits for is
 * on loopback and starting beside it (a refused connect costs it nothing), and a restart should show
 * live traffic as soon as the API answers.
 */
async function startLocalAgent() {
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
    const enroll = spawnSync(
      process.execPath,
      [
        ...agentEntry,
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
      { cwd: root, encoding: "utf8" },
    );
    rmSync(tokenFile, { force: true });
    if (enroll.status !== 0) throw new Error(`levee-agent enroll failed: ${enroll.stderr || enroll.stdout}`);
  }
  if (!stopping)
    run(
      "agt",
      process.execPath,
      [...agentEntry, "run", "--config", agentConfig],
      root,
      { LEVEE_AGENT_RETRY_MAX_MS: "250" },
      false,
    );
}
