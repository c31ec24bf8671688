import { type ChildProcess, execFile, spawn, spawnSync } from "node:child_process";
import { join } from "node:path";
import { nodeArgs } from "../../../scripts/precompile.ts";
import { repoRoot } from "./api-process.ts";

const BIN = join("agent", "bin", "levee-agent.ts");
/**
 * How tests run the agent: its sources, precompiled (scripts/precompile.ts, rebuilt when a source
 * changed; tsx when that fails). Each `status` poll is a CLI start, so the loader's seconds counted.
 */
export const DEV_ENTRY = await nodeArgs(join(repoRoot, BIN));
/** How the systemd unit runs it: the bundle (npm run bundle -w @levee/agent) with small V8 heaps. */
export const PACKAGED_ENTRY = [
  "--max-semi-space-size=1",
  "--max-old-space-size=48",
  join("agent", "dist", "levee-agent.mjs"),
];

/** Runs `levee-agent <args>` to completion (the real binary, from its sources). */
export function agentCli(args: string[], env: Record<string, string> = {}, prefix: string[] = []) {
  const argv = [...prefix, process.execPath, ...DEV_ENTRY, ...args];
  const result = spawnSync(argv[0] as string, argv.slice(1), {
    cwd: repoRoot,
    env: { ...process.env, ...env },
    encoding: "utf8",
    timeout: 60_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/**
 * `agentCli` without blocking this process: for polls while an AgentDaemon runs, whose log pipe this
 * process must keep draining (a daemon writing into a full pipe blocks, and skips sampling slots).
 */
export function agentCliAsync(
  args: string[],
  env: Record<string, string> = {},
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [...DEV_ENTRY, ...args],
      { cwd: repoRoot, env: { ...process.env, ...env }, encoding: "utf8", timeout: 60_000 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === "number" ? error.code : null) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

/** `levee-agent run` as a long-lived child; its JSON log lines are collected. */
export class AgentDaemon {
  readonly child: ChildProcess;
  private out = "";

  constructor(args: string[], env: Record<string, string> = {}, prefix: string[] = [], entry = DEV_ENTRY) {
    const argv = [...prefix, process.execPath, ...entry, "run", ...args];
    this.child = spawn(argv[0] as string, argv.slice(1), {
      cwd: repoRoot,
      env: { ...process.env, ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    this.child.stdout?.on("data", (d) => (this.out += d));
    this.child.stderr?.on("data", (d) => (this.out += d));
  }

  logs(): string {
    return this.out;
  }

  /** Parsed JSON log lines; a line still arriving (no newline yet) is left for the next call. */
  entries(): Record<string, any>[] {
    return this.out
      .slice(0, this.out.lastIndexOf("\n") + 1)
      .split("\n")
      .filter((l) => l.startsWith("{"))
      .map((l) => JSON.parse(l));
  }

  exited(): Promise<number | null> {
    if (this.child.exitCode !== null) return Promise.resolve(this.child.exitCode);
    return new Promise((resolve) => this.child.once("exit", (code) => resolve(code)));
  }

  async stop(signal: NodeJS.Signals = "SIGTERM"): Promise<number | null> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return this.child.exitCode;
    const done = this.exited();
    this.child.kill(signal);
    return done;
  }
}
