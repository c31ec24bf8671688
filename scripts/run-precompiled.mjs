// `npm run start -w @levee/api` (production): runs a TypeScript entry point from its precompiled
// bundle (scripts/precompile.ts), as `npm start` and the suites do, instead of through the tsx
// loader, which wraps every function of every module: a telemetry call cost 7–24 % more CPU
// through it (bench:ingest). The bundle is built first when a source changed since (a second or
// two; only then is TypeScript tooling loaded); without one (the build failed), the sources run
// through tsx.
//
//   node scripts/run-precompiled.mjs [--node-flag=value…] <entry.ts> [arguments…]
//
// The entry runs as a child process whose command line names its bundle: precompile.ts removes an
// old bundle folder only when no running process names it, and a process loads chunks from it long
// after it started (a GoBGP speaker configured later). SIGTERM, SIGINT and SIGHUP are passed on and
// the child's exit is this process's. A supervisor that kills this process alone with SIGKILL
// leaves the child running: stop the process group (systemd's and Docker's default). Plain
// JavaScript: nothing to load before the API starts.
import { spawn, spawnSync } from "node:child_process";
import { join, resolve } from "node:path";
import { currentBundle, manifestFileOf, root } from "./bundle-manifest.mjs";

const args = process.argv.slice(2);
// The entry is the first TypeScript file: a node flag's value given apart (`--import x.mjs`) is not it.
const at = args.findIndex((arg) => !arg.startsWith("-") && /\.[cm]?tsx?$/.test(arg));
if (at < 0) {
  process.stderr.write(
    "usage: node scripts/run-precompiled.mjs [--node-flag=value…] <entry.ts> [arguments…]\n",
  );
  process.exit(64); // EX_USAGE
}
const nodeFlags = args.slice(0, at);
const entry = resolve(args[at]);
const entryArgs = args.slice(at + 1);

/** The node arguments that run `entry`: its bundle, built when stale, or the sources through tsx. */
function entryNodeArgs() {
  const tsx = ["--import", "tsx", entry];
  // LEVEE_PRECOMPILE=false: the sources through tsx (to compare, or to rule the bundle out).
  if (process.env.LEVEE_PRECOMPILE === "false") return tsx;
  let bundle = currentBundle(manifestFileOf(entry));
  if (!bundle) {
    const built = spawnSync(
      process.execPath,
      ["--import", "tsx", join(root, "scripts", "precompile.ts"), entry],
      {
        cwd: root,
        stdio: ["ignore", "pipe", "inherit"],
        encoding: "utf8",
      },
    );
    if (built.status === 0) bundle = built.stdout.trim();
  }
  if (bundle) return ["--enable-source-maps", bundle];
  process.stderr.write(`${entry}: no precompiled bundle; running it with tsx\n`);
  return tsx;
}

const child = spawn(process.execPath, [...nodeFlags, ...entryNodeArgs(), ...entryArgs], { stdio: "inherit" });
for (const signal of ["SIGTERM", "SIGINT", "SIGHUP"]) process.on(signal, () => child.kill(signal));
child.on("exit", (code, signal) => {
  if (signal) {
    // Die of the same signal, so a supervisor sees what the API saw.
    process.removeAllListeners(signal);
    process.kill(process.pid, signal);
  } else process.exit(code ?? 1);
});
