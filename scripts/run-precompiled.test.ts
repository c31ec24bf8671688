import assert from "node:assert/strict";
import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { dirname, join } from "node:path";
import { createInterface } from "node:readline";
import { describe, it } from "node:test";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const fixture = join(root, "scripts", "fixtures", "report-start.ts");

interface Started {
  main: string;
  execArgv: string[];
  args: string[];
}

/** `node scripts/run-precompiled.mjs …` and the lines its entry prints. */
function launch(args: string[], env: NodeJS.ProcessEnv = {}) {
  const launcher = spawn(process.execPath, [join(root, "scripts", "run-precompiled.mjs"), ...args], {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "inherit"],
  });
  const lines = createInterface({ input: launcher.stdout })[Symbol.asyncIterator]();
  return {
    launcher,
    async next(): Promise<string> {
      const line = await lines.next();
      assert.ok(!line.done, "the entry printed nothing more");
      return line.value;
    },
  };
}

const exitOf = async (child: ChildProcess) => {
  const [code, signal] = (await once(child, "exit")) as [number | null, NodeJS.Signals | null];
  return { code, signal };
};

describe("run-precompiled (the API's production start)", () => {
  it("runs the entry from its bundle with the node flags and arguments, passes SIGTERM on and exits as it did", async () => {
    const run = launch(["--max-semi-space-size=16", fixture, "exit-on-term"]);
    const started = JSON.parse(await run.next()) as Started;
    // The bundle's path on the command line: precompile.ts keeps a folder a running process names.
    assert.match(started.main, /\/\.build\/report-start-[^/]+\/report-start\.mjs$/);
    assert.deepEqual(started.execArgv, ["--max-semi-space-size=16", "--enable-source-maps"]);
    assert.deepEqual(started.args, ["exit-on-term"]);
    run.launcher.kill("SIGTERM");
    assert.equal(await run.next(), "got SIGTERM");
    assert.deepEqual(await exitOf(run.launcher), { code: 7, signal: null });
  });

  it("dies of the signal its entry died of", async () => {
    const run = launch([fixture, "die"]);
    await run.next();
    assert.deepEqual(await exitOf(run.launcher), { code: null, signal: "SIGKILL" });
  });

  it("runs the sources through tsx with LEVEE_PRECOMPILE=false", async () => {
    const run = launch([fixture, "exit-on-term"], { LEVEE_PRECOMPILE: "false" });
    const started = JSON.parse(await run.next()) as Started;
    assert.equal(started.main, fixture);
    assert.deepEqual(started.execArgv, ["--import", "tsx"]);
    run.launcher.kill("SIGTERM");
    assert.deepEqual(await exitOf(run.launcher), { code: 7, signal: null });
  });

  it("refuses a command line without an entry", async () => {
    const run = launch(["--max-semi-space-size=16"]);
    assert.deepEqual(await exitOf(run.launcher), { code: 64, signal: null });
  });
});
