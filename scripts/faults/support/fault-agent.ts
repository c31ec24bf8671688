import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  AgentDaemon,
  agentCli,
  agentCliAsync,
  DEV_ENTRY,
  PACKAGED_ENTRY,
} from "../../../agent/test/support/agent-process.ts";
import type { ApiProcess } from "../../../agent/test/support/api-process.ts";

export interface AgentTuning {
  sampleIntervalMs?: number;
  queue?: { capacity?: number; batchSize?: number };
  capture?: Record<string, unknown>;
  detection?: Record<string, unknown>;
  interface?: string;
}

/**
 * One real levee-agent (through tsx, or the packaged bundle with FAULT_AGENT_ENTRY=packaged)
 * enrolled with a FaultApi; remembers when it was dead, since only then may samples be missing.
 */
export class FaultAgent {
  readonly dir = mkdtempSync(join(tmpdir(), "levee-fault-agent-"));
  readonly configFile = join(this.dir, "agent.json");
  stateDir = join(this.dir, "state");
  daemon: AgentDaemon | undefined;
  /** The daemons before a restart, whose logs a scenario still reads. */
  readonly earlierDaemons: AgentDaemon[] = [];
  nodeId = "";
  /** [died, restarted) windows in epoch ms: the only times without samples. */
  readonly deadWindows: [number, number][] = [];

  get env(): Record<string, string> {
    return { LEVEE_AGENT_CONFIG: this.configFile, LEVEE_AGENT_STATE_DIR: this.stateDir };
  }

  get intervalMs(): number {
    return JSON.parse(readFileSync(this.configFile, "utf8")).sampleIntervalMs ?? 1000;
  }

  /** Enrols with a one-time token and writes the tuning into agent.json. */
  enrol(api: ApiProcess, token: string, tuning: AgentTuning = {}, stateDir?: string): void {
    if (stateDir) this.stateDir = stateDir;
    mkdirSync(this.stateDir, { recursive: true });
    const enrolled = agentCli(["enroll", "--api", api.url, "--token", token], this.env);
    if (enrolled.code !== 0) throw new Error(`enrol failed: ${enrolled.stdout}${enrolled.stderr}`);
    const config = JSON.parse(readFileSync(this.configFile, "utf8"));
    this.nodeId = config.nodeId;
    const tuned = { ...config, authRetryMs: 1000, heartbeatIntervalMs: 5000, ...tuning };
    writeFileSync(this.configFile, JSON.stringify(tuned), { mode: 0o600 });
  }

  /** `prefix`: argv before node (e.g. `ip netns exec …`); `env`: extra environment (libfaketime). */
  start(options: { prefix?: string[]; env?: Record<string, string> } = {}): AgentDaemon {
    const entry = process.env.FAULT_AGENT_ENTRY === "packaged" ? PACKAGED_ENTRY : DEV_ENTRY;
    if (this.daemon) this.earlierDaemons.push(this.daemon);
    this.daemon = new AgentDaemon(
      ["--log-level", "debug"],
      { ...this.env, ...options.env },
      options.prefix,
      entry,
    );
    const open = this.deadWindows.at(-1);
    if (open && open[1] === Number.POSITIVE_INFINITY) open[1] = Date.now();
    return this.daemon;
  }

  /** kill -9 (a crash) or SIGTERM; the time until the next start() is a dead window. */
  async kill(signal: NodeJS.Signals = "SIGKILL"): Promise<void> {
    await this.daemon?.stop(signal);
    this.deadWindows.push([Date.now(), Number.POSITIVE_INFINITY]);
  }

  /** `levee-agent status --json`, run asynchronously (the daemon's log pipe is drained meanwhile). */
  async status(): Promise<AgentStatusJson> {
    const out = await agentCliAsync(["status", "--json"], this.env);
    return JSON.parse(out.stdout) as AgentStatusJson;
  }

  logs(): string {
    return this.daemon?.logs() ?? "";
  }

  destroy(): void {
    this.daemon?.child.kill("SIGKILL");
    rmSync(this.dir, { recursive: true, force: true });
  }
}

export interface AgentStatusJson {
  running: boolean;
  queue: { depth: number; sent: number; rejected: number; dropped: number; consumed: number };
  capturesPending?: number;
  daemon?: { push: { state: string; lastError?: string }; capture: Record<string, unknown> };
}
