import { type ChildProcess, execFileSync, spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createClient } from "graphql-ws";
import WebSocket from "ws";
import { AgentDaemon, agentCli, PACKAGED_ENTRY } from "./agent-process.ts";
import { ApiProcess, repoRoot, waitFor } from "./api-process.ts";
import { netnsUnavailable, VethPair } from "./netns.ts";
import { holdHostTraffic } from "./traffic-lock.ts";

export type FloodKind = "SYN" | "UDP" | "ICMP";

/** hping3 arguments per flood; the source is the namespace's own address (never forged, so
 * every answer goes back into our namespace and nowhere else). */
const HPING: Record<FloodKind, string[]> = {
  SYN: ["-S", "-p", "80"],
  UDP: ["--udp", "-p", "9999"],
  ICMP: ["--icmp"],
};

export interface IncidentEvent {
  kind: string;
  incidentId: string;
  nodeId: string;
  at: number;
}

/** Why the lab cannot run here (root, iproute2, hping3, tshark), or undefined. */
export function floodLabUnavailable(): string | undefined {
  return (
    netnsUnavailable() ??
    (spawnSync("hping3", ["--version"]).error ? "hping3 is not installed" : undefined) ??
    (spawnSync("tshark", ["-v"]).status === 0 ? undefined : "tshark is not installed")
  );
}

/**
 * The real thing end to end: a veth pair into a namespace of our own, the real API (its own
 * database), the packaged levee-agent (esbuild bundle) sampling and capturing the host end, and
 * hping3 floods sent from inside the namespace; incident events arrive over graphql-ws.
 */
export class FloodLab {
  readonly veth = new VethPair();
  readonly events: IncidentEvent[] = [];
  api!: ApiProcess;
  daemon!: AgentDaemon;
  /** Held from start to stop: see traffic-lock.ts. */
  private releaseTraffic?: () => void;
  cookie = "";
  private readonly dir = mkdtempSync(join(tmpdir(), "levee-flood-lab-"));
  private unsubscribe: (() => void) | undefined;
  private flood: ChildProcess | undefined;

  static async start(apiEnv: Record<string, string>, agentSettings: Record<string, unknown> = {}) {
    const lab = new FloodLab();
    try {
      lab.releaseTraffic = await holdHostTraffic();
      await lab.boot(apiEnv, agentSettings);
    } catch (error) {
      await lab.stop();
      throw error;
    }
    return lab;
  }

  private async boot(apiEnv: Record<string, string>, agentSettings: Record<string, unknown>) {
    const bundle = join(repoRoot, "agent", "dist", "levee-agent.mjs");
    execFileSync("npm", ["run", "bundle", "-w", "@levee/agent"], { cwd: repoRoot, stdio: "ignore" });
    if (!existsSync(bundle)) throw new Error("npm run bundle made no agent/dist/levee-agent.mjs");
    this.api = await ApiProcess.create({ ...apiEnv, EVIDENCE_DIR: join(this.dir, "evidence") });
    await this.api.start();
    const { token, cookie, workspaceId } = await this.api.enrollmentToken();
    this.cookie = cookie;
    const env = this.agentEnv();
    const enrolled = agentCli(
      ["enroll", "--api", this.api.url, "--token", token, "--interface", this.veth.host],
      env,
    );
    if (enrolled.code !== 0) throw new Error(`enroll failed: ${enrolled.stderr}`);
    const config = JSON.parse(readFileSync(env.LEVEE_AGENT_CONFIG, "utf8"));
    writeFileSync(env.LEVEE_AGENT_CONFIG, JSON.stringify({ ...config, ...agentSettings }), { mode: 0o600 });
    this.daemon = new AgentDaemon([], env, [], PACKAGED_ENTRY);
    await waitFor(
      () => this.daemon.logs().includes("packet capture on"),
      60_000,
      "the agent's capture",
    ).catch((error: Error) => {
      throw new Error(`${error.message}; agent said:\n${this.daemon.logs().slice(-3000)}`);
    });
    // A flood starts on an agent that has heard its thresholds (written to its state as the API's
    // first answer arrives), as a running agent has: one crossing its very first sample is decided
    // by the API alone, and that sample carries no capture summary to classify from (README).
    await waitFor(
      () => existsSync(join(this.dir, "state", "detection.json")),
      60_000,
      "the agent's first thresholds",
    );
    await this.subscribe(workspaceId);
  }

  private agentEnv() {
    return {
      LEVEE_AGENT_CONFIG: join(this.dir, "agent.json"),
      LEVEE_AGENT_STATE_DIR: join(this.dir, "state"),
    };
  }

  private async subscribe(workspaceId: string) {
    const minted = await this.api.gql(
      `mutation($input: CreateApiKeyInput!) { createApiKey(input: $input) {
        __typename ... on CreateApiKeyPayload { secret } ... on Error { message } } }`,
      { input: { workspaceId, name: "e2e", scopes: ["incident:read", "node:read"] } },
      { cookie: this.cookie },
    );
    const secret = minted.body.data?.createApiKey?.secret;
    if (!secret) throw new Error(`no API key: ${JSON.stringify(minted.body)}`);
    // The API's own count of graphql-ws subscriptions streaming (its /metrics gauge).
    const streaming = async () =>
      Number(
        /^levee_graphql_subscriptions_active (\d+)$/m.exec(
          await (await fetch(`${this.api.url}/metrics`)).text(),
        )?.[1] ?? 0,
      );
    const before = await streaming();
    const client = createClient({
      url: `${this.api.url.replace("http", "ws")}/graphql`,
      webSocketImpl: WebSocket,
      connectionParams: { authorization: `Bearer ${secret}` },
    });
    await new Promise<void>((resolve, reject) => {
      this.unsubscribe = client.subscribe(
        {
          query: `subscription($w: ID!) { incidentEvents(workspaceId: $w) { kind incidentId nodeId } }`,
          variables: { w: workspaceId },
        },
        {
          next: (message) => {
            const e = (message.data as { incidentEvents?: Omit<IncidentEvent, "at"> } | null)?.incidentEvents;
            if (e) this.events.push({ ...e, at: performance.now() });
          },
          error: reject,
          complete: () => {},
        },
      );
      client.on("connected", () => resolve());
    });
    // graphql-ws sends `subscribe` right after the ack: waited for until the server streams it (a
    // fixed 500 ms could end before a loaded machine's API had checked it, and an OPENED was missed).
    await waitFor(async () => (await streaming()) > before, 30_000, "the incident subscription to be live");
  }

  /**
   * Starts a flood from the namespace (about `pps` packets/s); returns when hping3 was spawned.
   * `port` replaces the flood's destination port (SYN and UDP).
   */
  startFlood(kind: FloodKind, pps: number, port?: number): number {
    const [command, ...prefix] = this.veth.exec();
    const interval = `u${Math.max(1, Math.round(1e6 / pps))}`;
    const args = HPING[kind].map((a, i, all) =>
      port !== undefined && all[i - 1] === "-p" ? String(port) : a,
    );
    this.flood = spawn(
      command as string,
      [...prefix, "hping3", ...args, "-i", interval, "-q", this.veth.hostIp],
      {
        stdio: "ignore",
      },
    );
    return performance.now();
  }

  /** Packets received so far on the host end (the kernel's own counter). */
  rxPackets(): number {
    return Number(readFileSync(`/sys/class/net/${this.veth.host}/statistics/rx_packets`, "utf8"));
  }

  /**
   * When the flood's packets began to arrive (performance.now ms): the host end's counter polled
   * every millisecond until it moved `packets` past `before` (hping3 takes a while to start).
   */
  async floodOnset(before: number, packets = 5, timeoutMs = 10_000): Promise<number> {
    const started = performance.now();
    while (performance.now() - started < timeoutMs) {
      if (this.rxPackets() >= before + packets) return performance.now();
      await new Promise((r) => setTimeout(r, 1));
    }
    throw new Error("the flood never reached the interface");
  }

  stopFlood(): void {
    this.flood?.kill("SIGKILL");
    this.flood = undefined;
  }

  /** The first event of `kind` after `since` (performance.now ms), for `incidentId` when given. */
  async waitEvent(
    kind: string,
    since: number,
    timeoutMs: number,
    incidentId?: string,
  ): Promise<IncidentEvent> {
    const found = await waitFor(
      () =>
        this.events.find(
          (e) =>
            e.kind === kind && e.at >= since && (incidentId === undefined || e.incidentId === incidentId),
        ),
      timeoutMs,
      `${kind}${incidentId ? ` of ${incidentId}` : ""}`,
    );
    return found as IncidentEvent;
  }

  /** The incident as a dashboard reads it. */
  async incident(id: string) {
    const r = await this.api.gql(
      `query($id: ID!) { node(id: $id) { ... on Incident { status classification { family detail evidence }
        pcap { packets downloadUrl } } } }`,
      { id },
      { cookie: this.cookie },
    );
    return r.body.data?.node as
      | {
          status: string;
          classification: { family: string | null; detail: string | null; evidence: string[] } | null;
          pcap: { packets: number; downloadUrl: string } | null;
        }
      | undefined;
  }

  /** Downloads the incident's capture and counts its frames with tshark. */
  async tsharkFrames(downloadUrl: string): Promise<number> {
    const url = downloadUrl.startsWith("http") ? downloadUrl : `${this.api.url}${downloadUrl}`;
    const response = await fetch(url);
    if (!response.ok) throw new Error(`download ${response.status}`);
    const file = join(this.dir, `${Date.now()}.pcap`);
    writeFileSync(file, Buffer.from(await response.arrayBuffer()));
    const out = execFileSync("tshark", ["-r", file, "-T", "fields", "-e", "frame.number"], {
      encoding: "utf8",
    });
    return out.trim().split("\n").filter(Boolean).length;
  }

  async stop(): Promise<void> {
    this.stopFlood();
    this.unsubscribe?.();
    await this.daemon?.stop();
    this.veth.destroy();
    this.releaseTraffic?.();
    await this.api?.destroy();
    rmSync(this.dir, { recursive: true, force: true });
  }
}
