import assert from "node:assert/strict";
import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { createInterface } from "node:readline";
import { afterEach, describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { currentBundle, manifestFileOf } from "./bundle-manifest.mjs";
import { precompiled } from "./precompile.ts";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const fixture = join(root, "scripts", "fixtures", "report-start.ts");

interface Started {
  main: string;
  execArgv: string[];
  args: string[];
}

/** Launchers started by a test, killed with their entries (one process group each) when it ends. */
const launched = new Set<ChildProcess>();
afterEach(() => {
  for (const launcher of launched)
    try {
      if (launcher.pid !== undefined) process.kill(-launcher.pid, "SIGKILL");
    } catch {}
  launched.clear();
});

/** `node scripts/run-precompiled.mjs …`: the lines its entry prints and how the launcher ended. */
function launch(args: string[], env: NodeJS.ProcessEnv = {}) {
  const launcher = spawn(process.execPath, [join(root, "scripts", "run-precompiled.mjs"), ...args], {
    cwd: root,
    // Bundled unless a test says otherwise, whatever the developer's shell has set.
    env: { ...process.env, LEVEE_PRECOMPILE: "true", ...env },
    stdio: ["ignore", "pipe", "inherit"],
    detached: true,
  });
  launched.add(launcher);
  const exited = once(launcher, "exit").then(([code, signal]) => ({ code, signal }));
  const lines = createInterface({ input: launcher.stdout })[Symbol.asyncIterator]();
  return {
    launcher,
    exited,
    async next(): Promise<string> {
      const line = await lines.next();
      assert.ok(!line.done, "the entry printed nothing more");
      return line.value;
    },
  };
}

describe("run-precompiled (the API's production start)", { timeout: 120_000 }, () => {
  it("runs the entry from its bundle with the node flags and arguments, passes SIGTERM on and exits as it did", async () => {
    const run = launch(["--max-semi-space-size=16", fixture, "exit-on-term"]);
    const started = JSON.parse(await run.next()) as Started;
    // The bundle's path on the command line: precompile.ts keeps a folder a running process names.
    assert.match(started.main, /\/\.build\/report-start-[^/]+\/report-start\.mjs$/);
    assert.deepEqual(started.execArgv, ["--max-semi-space-size=16", "--enable-source-maps"]);
    assert.deepEqual(started.args, ["exit-on-term"]);
    run.launcher.kill("SIGTERM");
    assert.equal(await run.next(), "got SIGTERM");
    assert.deepEqual(await run.exited, { code: 7, signal: null });
  });

  it("dies of the signal its entry died of", async () => {
    const run = launch([fixture, "die"]);
    await run.next();
    assert.deepEqual(await run.exited, { code: null, signal: "SIGKILL" });
  });

  it("runs the sources through tsx with LEVEE_PRECOMPILE=false", async () => {
    const run = launch([fixture, "exit-on-term"], { LEVEE_PRECOMPILE: "false" });
    const started = JSON.parse(await run.next()) as Started;
    assert.equal(started.main, fixture);
    assert.deepEqual(started.execArgv, ["--import", "tsx"]);
    run.launcher.kill("SIGTERM");
    assert.deepEqual(await run.exited, { code: 7, signal: null });
  });

  it("does not reuse a bundle built in another folder (its sources' paths point there)", async () => {
    const manifestFile = manifestFileOf(fixture);
    await precompiled(fixture);
    const manifest = JSON.parse(readFileSync(manifestFile, "utf8"));
    assert.ok(currentBundle(manifestFile));
    const moved = join(dirname(manifestFile), `moved-${process.pid}.json`);
    writeFileSync(moved, JSON.stringify({ ...manifest, root: "/elsewhere" }));
    try {
      assert.equal(currentBundle(moved), undefined);
    } finally {
      rmSync(moved, { force: true });
    }
  });

  it("refuses a command line without an entry", async () => {
    // A flag's value given apart is not taken for the entry either.
    const run = launch(["--max-semi-space-size=16", "--import", "./preload.mjs"]);
    assert.deepEqual(await run.exited, { code: 64, signal: null });
  });
});
