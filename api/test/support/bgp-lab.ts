import { type ChildProcess, execFileSync, spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { fileURLToPath } from "node:url";

const RELAY = fileURLToPath(
  new URL("../../src/mitigation/network/speakers/exabgp-relay.py", import.meta.url),
);

/** Why the lab cannot run here, or undefined when it can. */
export function bgpLabUnavailable(): string | undefined {
  if (process.getuid?.() !== 0) return "needs root (network namespaces)";
  for (const tool of ["ip", "gobgpd", "exabgp", "bird", "birdc"])
    if (spawnSync("sh", ["-c", `command -v ${tool}`]).status !== 0) return `${tool} is not installed`;
  return undefined;
}

export interface ReceivedRoute {
  /** The route line as `birdc show route … all` prints it (e.g. `flow4 { dst 203.0.113.5/32; proto 17; }`). */
  net: string;
  attributes: string[];
}

/**
 * Two network namespaces joined by a veth pair (random names and a random 10.x.y.0/30): the
 * speaker side (GoBGP, ExaBGP or BIRD driven by Levee, AS 65001) and a receiving BIRD 2
 * router (AS 65002) whose RIB the tests read. Nothing leaves the namespaces.
 */
export class BgpLab {
  readonly dir = mkdtempSync(join(tmpdir(), "levee-bgp-"));
  readonly tag = randomBytes(3).toString("hex");
  /** LEVEE_TEST_NETNS_PREFIX keeps parallel checkouts' namespaces apart (default lvb-). */
  readonly speakerNs = `${process.env.LEVEE_TEST_NETNS_PREFIX ?? "lvb-"}${this.tag}-s`;
  readonly receiverNs = `${process.env.LEVEE_TEST_NETNS_PREFIX ?? "lvb-"}${this.tag}-r`;
  /** IPv4 addresses (router ids, and the BGP session unless `ipv6`). */
  readonly speakerIp: string;
  readonly receiverIp: string;
  /** The BGP session's addresses: a random fdxx::/64 with `ipv6`, else the IPv4 ones. */
  readonly speakerPeer: string;
  readonly receiverPeer: string;
  private readonly processes = new Map<string, ChildProcess>();

  /**
   * `ipv6`: the session runs over IPv6 and carries ipv6-unicast and ipv6-flowspec (the receiver's
   * tables master6/flowtab6, RTBH next hop 100::1 resolved to a blackhole), whichever speaker
   * (GoBGP, ExaBGP or BIRD) is started.
   */
  constructor(readonly options: { ipv6?: boolean } = {}) {
    const a = 16 + ((randomBytes(1)[0] as number) % 200);
    const b = ((randomBytes(1)[0] as number) & 0x3f) * 4;
    this.speakerIp = `10.${a}.${b}.1`;
    this.receiverIp = `10.${a}.${b}.2`;
    const net = `fd${randomBytes(1).toString("hex")}:${randomBytes(2).toString("hex")}:${a}:${b}`;
    this.speakerPeer = options.ipv6 ? `${net}::1` : this.speakerIp;
    this.receiverPeer = options.ipv6 ? `${net}::2` : this.receiverIp;
    const ip = (...args: string[]) => execFileSync("ip", args, { stdio: "pipe" });
    for (const ns of [this.speakerNs, this.receiverNs]) {
      ip("netns", "add", ns);
      ip("-n", ns, "link", "set", "lo", "up");
    }
    const [s, r] = [`lvbs${this.tag}`, `lvbr${this.tag}`];
    ip(
      "link",
      "add",
      s,
      "netns",
      this.speakerNs,
      "type",
      "veth",
      "peer",
      "name",
      r,
      "netns",
      this.receiverNs,
    );
    ip("-n", this.speakerNs, "addr", "add", `${this.speakerIp}/30`, "dev", s);
    ip("-n", this.receiverNs, "addr", "add", `${this.receiverIp}/30`, "dev", r);
    if (options.ipv6) {
      // nodad: usable at once, not "tentative" for a second while duplicate detection runs.
      ip("-n", this.speakerNs, "addr", "add", `${this.speakerPeer}/64`, "dev", s, "nodad");
      ip("-n", this.receiverNs, "addr", "add", `${this.receiverPeer}/64`, "dev", r, "nodad");
    }
    ip("-n", this.speakerNs, "link", "set", s, "up");
    ip("-n", this.receiverNs, "link", "set", r, "up");
  }

  private get v(): "flow4" | "flow6" {
    return this.options.ipv6 ? "flow6" : "flow4";
  }

  path(name: string): string {
    return join(this.dir, name);
  }

  private start(name: string, ns: string, argv: string[], env: Record<string, string> = {}): ChildProcess {
    const child = spawn(
      "ip",
      ["netns", "exec", ns, "env", ...Object.entries(env).map(([k, v]) => `${k}=${v}`), ...argv],
      {
        stdio: ["ignore", "ignore", "ignore"],
      },
    );
    this.processes.set(name, child);
    return child;
  }

  /** Stops a daemon and waits for it to exit (SIGTERM, or SIGKILL). */
  async stop(name: string, signal: NodeJS.Signals = "SIGTERM"): Promise<void> {
    const child = this.processes.get(name);
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once("exit", resolve));
    // `ip netns exec` execs the daemon, so the pid is the daemon's own.
    child.kill(signal);
    await Promise.race([exited, sleep(5000).then(() => child.kill("SIGKILL"))]);
    await exited;
    this.processes.delete(name);
  }

  startReceiver(): void {
    writeFileSync(
      this.path("receiver.conf"),
      `log "${this.path("receiver.log")}" all; router id ${this.receiverIp}; protocol device { }
${this.v} table flowtab${this.v === "flow6" ? 6 : 4};
protocol static rtbh_nh { ${this.options.ipv6 ? "ipv6; route 100::1/128" : "ipv4; route 192.0.2.1/32"} blackhole; }
protocol bgp spk {
  local ${this.receiverPeer} as 65002; neighbor ${this.speakerPeer} as 65001;
  connect delay time 1; connect retry time 1; error wait time 1, 5;
  ${this.options.ipv6 ? "ipv6" : "ipv4"} { gateway recursive; import all; export none; };
  ${this.v} { table flowtab${this.v === "flow6" ? 6 : 4}; import all; export none; };
}
`,
    );
    this.start("receiver", this.receiverNs, [
      "bird",
      "-f",
      "-c",
      this.path("receiver.conf"),
      "-s",
      this.path("receiver.ctl"),
    ]);
  }

  birdc(socket: string, ...args: string[]): string {
    const result = spawnSync("birdc", ["-s", socket, ...args], { encoding: "utf8" });
    return result.stdout ?? "";
  }

  async sessionUp(): Promise<void> {
    await waitFor(
      () => /Established/.test(this.birdc(this.path("receiver.ctl"), "show", "protocols", "spk")),
      "BGP session",
    );
  }

  /** The receiver's routes learned from the speaker: FlowSpec (flowtab4) and unicast (master4). */
  received(): ReceivedRoute[] {
    const out: ReceivedRoute[] = [];
    for (const table of this.options.ipv6 ? ["flowtab6", "master6"] : ["flowtab4", "master4"]) {
      const text = this.birdc(
        this.path("receiver.ctl"),
        "show",
        "route",
        "table",
        table,
        "protocol",
        "spk",
        "all",
      );
      let current: ReceivedRoute | undefined;
      for (const line of text.split("\n")) {
        if (/^(BIRD|Table|Access restricted)/.test(line) || line.trim() === "") continue;
        if (/^\S/.test(line)) {
          current = { net: line.split(/\s+\[|\s{2,}/)[0]?.trim() ?? line, attributes: [] };
          out.push(current);
        } else if (current && /^\t|^\s+BGP\./.test(line)) current.attributes.push(line.trim());
      }
    }
    return out;
  }

  /** gobgpd with its gRPC API on a socket file; `tls`: started with --tls and this certificate and key. */
  startGoBgp(options: { tls?: { certFile: string; keyFile: string } } = {}): string {
    const socket = this.path("gobgp.sock");
    rmSync(socket, { force: true });
    writeFileSync(
      this.path("gobgpd.yaml"),
      `global: {config: {as: 65001, router-id: ${this.speakerIp}, local-address-list: [${this.speakerPeer}]}}
neighbors:
  - {config: {neighbor-address: ${this.receiverPeer}, peer-as: 65002}, afi-safis: [{config: {afi-safi-name: ipv${this.options.ipv6 ? 6 : 4}-unicast}}, {config: {afi-safi-name: ipv${this.options.ipv6 ? 6 : 4}-flowspec}}]}
`,
    );
    this.start("gobgpd", this.speakerNs, [
      "gobgpd",
      "-t",
      "yaml",
      "-f",
      this.path("gobgpd.yaml"),
      "-p",
      "--pprof-disable",
      "--api-hosts",
      `unix://${socket}`,
      ...(options.tls
        ? ["--tls", "--tls-cert-file", options.tls.certFile, "--tls-key-file", options.tls.keyFile]
        : []),
    ]);
    return `unix://${socket}`;
  }

  /** ExaBGP with Levee's relay; returns the command FIFO and the answer file. */
  startExaBgp(): { fifo: string; answers: string } {
    const fifo = this.path("exabgp.cmd");
    const answers = this.path("exabgp.ack");
    writeFileSync(
      this.path("exabgp.conf"),
      `process levee { run /usr/bin/python3 ${RELAY} ${fifo} ${answers}; encoder text; }
neighbor ${this.receiverPeer} { router-id ${this.speakerIp}; local-address ${this.speakerPeer}; local-as 65001; peer-as 65002;
    family { ${this.options.ipv6 ? "ipv6 unicast; ipv6 flow;" : "ipv4 unicast; ipv4 flow;"} } api { processes [ levee ]; } }
`,
    );
    this.start("exabgp", this.speakerNs, ["exabgp", this.path("exabgp.conf")], {
      exabgp_daemon_user: "root",
      exabgp_api_cli: "false",
      exabgp_log_destination: this.path("exabgp.log"),
    });
    return { fifo, answers };
  }

  /** BIRD 2 as the speaker, exporting Levee's include file; returns the include path and control socket. */
  startBirdSpeaker(): { include: string; socket: string } {
    const include = this.path("levee-bird.conf");
    const socket = this.path("speaker.ctl");
    const v = this.options.ipv6 ? 6 : 4;
    if (!existsSync(include))
      writeFileSync(include, "flow4 table levee_flowtab4;\nflow6 table levee_flowtab6;\n");
    writeFileSync(
      this.path("speaker.conf"),
      `router id ${this.speakerIp}; protocol device { }
include "${include}";
protocol bgp upstream {
  local ${this.speakerPeer} as 65001; neighbor ${this.receiverPeer} as 65002;
  connect delay time 1; connect retry time 1; error wait time 1, 5;
  ipv${v} { import none; export where proto = "levee_rtbh${v}"; next hop keep; };
  flow${v} { table levee_flowtab${v}; import none; export all; };
}
`,
    );
    this.start("bird-speaker", this.speakerNs, ["bird", "-f", "-c", this.path("speaker.conf"), "-s", socket]);
    return { include, socket };
  }

  async close(): Promise<void> {
    for (const name of [...this.processes.keys()]) await this.stop(name);
    for (const ns of [this.speakerNs, this.receiverNs]) spawnSync("ip", ["netns", "del", ns]);
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** Polls a condition every 20 ms until it holds; fails after a generous deadline. */
export async function waitFor(
  condition: () => boolean | Promise<boolean>,
  what: string,
  deadlineMs = 30_000,
): Promise<void> {
  const until = Date.now() + deadlineMs;
  while (Date.now() < until) {
    if (await condition()) return;
    await sleep(20);
  }
  throw new Error(`timed out waiting for ${what}`);
}
