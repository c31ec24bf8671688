// `npm start`: the whole platform on one machine with no configuration — the API (embedded
// PGlite+TimescaleDB under ./.levee/data unless DATABASE_URL is set) and the web app.
// `--dev` runs the web app with `next dev` instead of the production build.
// Each part runs as a child process with prefixed output; Ctrl-C or SIGTERM stops both.
import { type ChildProcess, spawn } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const apiPort = process.env.PORT ?? "4000";
const webPort = process.env.WEB_PORT ?? "3000";
const dev = process.argv.includes("--dev");
const bin = (name: string) => join(root, "node_modules", ".bin", name);

const parts: { name: string; child: ChildProcess }[] = [];
let stopping = false;

function run(name: string, command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv) {
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
    if (!stopping) {
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

run("api", process.execPath, ["--import", "tsx", "src/main.ts"], join(root, "api"), { PORT: apiPort });
run("web", bin("next"), [dev ? "dev" : "start", "-p", webPort], join(root, "web"), {
  LEVEE_API_URL: `http://127.0.0.1:${apiPort}`,
});
process.stdout.write(
  `\nLevee is starting: API + GraphiQL http://localhost:${apiPort}/graphql · web http://localhost:${webPort}\n` +
    "The host agent (levee-agent) is enrolled separately: see README, 'Enrol an agent'.\n\n",
);
