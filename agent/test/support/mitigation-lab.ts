import { execFileSync, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { AgentDaemon, agentCli } from "./agent-process.ts";
import { ApiProcess } from "./api-process.ts";
import { NamespacePair } from "./netns-pair.ts";

/**
 * The end-to-end mitigation setup: a real API process (PostgreSQL, low detection floors, 3 s
 * quiet period), levee-agent running inside a victim namespace whose link to the API is a veth
 * to this namespace, floods from an attacker namespace, and a THRESHOLD rule dropping `port`.
 */
export class MitigationLab {
  readonly pair = new NamespacePair();
  readonly dir = mkdtempSync(join(tmpdir(), "levee-mitigation-lab-"));
  readonly env = {
    LEVEE_AGENT_CONFIG: join(this.dir, "agent.json"),
    LEVEE_AGENT_STATE_DIR: join(this.dir, "state"),
  };
  readonly inVictim = ["ip", "netns", "exec", this.pair.victim];
  daemon: AgentDaemon | undefined;
  api!: ApiProcess;
  private readonly tag = randomBytes(2).toString("hex");
  private readonly rootIf = `lmr${this.tag}`;
  private readonly net =
    `10.${100 + (Number.parseInt(this.tag, 16) % 40)}.${Number.parseInt(this.tag, 16) % 250}`;

  constructor(readonly port: number) {
    const ip = (...args: string[]) => execFileSync("ip", args, { stdio: "pipe" });
    ip(
      "link",
      "add",
      this.rootIf,
      "type",
      "veth",
      "peer",
      "name",
      `lmv${this.tag}`,
      "netns",
      this.pair.victim,
    );
    ip("addr", "add", `${this.net}.1/30`, "dev", this.rootIf);
    ip("link", "set", this.rootIf, "up");
    ip("-n", this.pair.victim, "link", "set", "dev", `lmv${this.tag}`, "addrgenmode", "none");
    ip("-n", this.pair.victim, "addr", "add", `${this.net}.2/30`, "dev", `lmv${this.tag}`);
    ip("-n", this.pair.victim, "link", "set", `lmv${this.tag}`, "up");
  }

  /** Starts the API, enrols the agent inside the victim namespace, adds the rule, runs the agent. */
  async start(): Promise<void> {
    this.api = await ApiProcess.create({
      HOST: "0.0.0.0",
      DETECTION_FLOOR_PPS: "500",
      DETECTION_FLOOR_UDP_PPS: "300",
      DETECTION_QUIET_SECONDS: "3",
    });
    await this.api.start();
    const { token, cookie, workspaceId } = await this.api.enrollmentToken();
    const enrolled = agentCli(
      // Enrolled with it: the node's interface setting, which the agent follows.
      [
        "enroll",
        "--api",
        `http://${this.net}.1:${this.api.port}`,
        "--token",
        token,
        "--interface",
        this.pair.victimIf,
      ],
      this.env,
      this.inVictim,
    );
    if (enrolled.code !== 0) throw new Error(enrolled.stderr);
    const config = JSON.parse(readFileSync(this.env.LEVEE_AGENT_CONFIG, "utf8"));
    const settings = { capture: { enabled: false } };
    writeFileSync(this.env.LEVEE_AGENT_CONFIG, JSON.stringify({ ...config, ...settings }), { mode: 0o600 });
    const input = {
      workspaceId,
      name: "drop the flooded port",
      actionType: "NFT_DROP_DESTINATION_PORTS",
      params: { protocol: "udp", ports: [this.port] },
      trigger: "THRESHOLD",
      ttlSeconds: 600,
    };
    const rule = await this.api.gql(
      `mutation($input: CreateMitigationRuleInput!) { createMitigationRule(input: $input) { __typename ... on Error { message } } }`,
      { input },
      { cookie },
    );
    if (rule.body.data?.createMitigationRule?.__typename !== "MitigationRulePayload")
      throw new Error(JSON.stringify(rule.body));
    this.daemon = new AgentDaemon(["--log-level", "warn"], this.env, this.inVictim);
  }

  /** Packets dropped so far by an action's nft chain in the victim namespace (0 when absent). */
  dropped(actionId: string): number {
    const argv = [
      "netns",
      "exec",
      this.pair.victim,
      "nft",
      "-j",
      "list",
      "chain",
      "inet",
      "levee",
      `a_${actionId}`,
    ];
    const out = spawnSync("ip", argv, { encoding: "utf8" });
    if (out.status !== 0) return 0;
    return [...out.stdout.matchAll(/"packets": (\d+)/g)].reduce((sum, m) => sum + Number(m[1]), 0);
  }

  async destroy(): Promise<void> {
    this.pair.stopFloods();
    await this.daemon?.stop();
    await this.api?.destroy();
    spawnSync("ip", ["link", "del", this.rootIf], { stdio: "ignore" });
    this.pair.destroy();
    rmSync(this.dir, { recursive: true, force: true });
  }
}

export async function until<T>(
  probe: () => Promise<T | undefined> | T | undefined,
  what: string,
  ms = 60_000,
): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out: ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}
