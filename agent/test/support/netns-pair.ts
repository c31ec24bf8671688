import { type ChildProcess, execFileSync, spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { SYSCTL_KEYS } from "@levee/shared/firewall";
import { repoRoot } from "./api-process.ts";

/**
 * Two network namespaces joined by a veth pair: a victim (where firewall rules go) and an
 * attacker (where floods come from). Nothing touches the root namespace's rules, routes or
 * sysctls; names carry a random suffix so parallel suites never collide.
 */
export class NamespacePair {
  readonly tag = randomBytes(3).toString("hex");
  readonly victim = `levee-fv-${this.tag}`;
  readonly attacker = `levee-fa-${this.tag}`;
  readonly victimIf = `lfv${this.tag}`;
  readonly attackerIf = `lfa${this.tag}`;
  readonly victimIp: string;
  readonly attackerIp: string;
  private readonly senders = new Set<ChildProcess>();

  constructor() {
    const b = randomBytes(2);
    const net = `10.${150 + ((b[0] as number) % 40)}.${b[1] as number}`;
    this.victimIp = `${net}.1`;
    this.attackerIp = `${net}.2`;
    const ip = (...args: string[]) => execFileSync("ip", args, { stdio: "pipe" });
    ip("netns", "add", this.victim);
    ip("netns", "add", this.attacker);
    ip(
      "-n",
      this.victim,
      "link",
      "add",
      this.victimIf,
      "type",
      "veth",
      "peer",
      "name",
      this.attackerIf,
      "netns",
      this.attacker,
    );
    for (const [ns, dev, addr] of [
      [this.victim, this.victimIf, this.victimIp],
      [this.attacker, this.attackerIf, this.attackerIp],
    ] as const) {
      // No IPv6 link-local address appearing later: the route table stays what the test set.
      ip("-n", ns, "link", "set", "dev", dev, "addrgenmode", "none");
      ip("-n", ns, "addr", "add", `${addr}/24`, "dev", dev);
      ip("-n", ns, "link", "set", dev, "up");
      ip("-n", ns, "link", "set", "lo", "up");
    }
  }

  /** Runs a command inside the victim namespace; returns stdout. */
  inVictim(...argv: string[]): string {
    return execFileSync("ip", ["netns", "exec", this.victim, ...argv], { encoding: "utf8", stdio: "pipe" });
  }

  /** A UDP flood from the attacker to the victim (until stopped). */
  flood(port: number, pps: number): ChildProcess {
    const child = spawn(
      "ip",
      [
        "netns",
        "exec",
        this.attacker,
        process.execPath,
        "--import",
        "tsx",
        "agent/test/support/udp-sender.ts",
        this.victimIp,
        String(port),
        "0",
        "flood",
        String(pps),
      ],
      { cwd: repoRoot, stdio: "ignore" },
    );
    this.senders.add(child);
    return child;
  }

  stopFloods(): void {
    for (const child of this.senders) child.kill("SIGKILL");
    this.senders.clear();
  }

  /** UDP datagrams the victim's stack received (delivered or answered "port unreachable"). */
  udpReceived(): number {
    const lines = this.inVictim("cat", "/proc/net/snmp")
      .split("\n")
      .filter((l) => l.startsWith("Udp:"));
    const [names, values] = lines.map((l) => l.trim().split(/\s+/));
    const at = (name: string) => Number(values?.[names?.indexOf(name) ?? -1] ?? 0);
    return at("InDatagrams") + at("NoPorts") + at("InErrors");
  }

  destroy(): void {
    this.stopFloods();
    spawnSync("ip", ["netns", "del", this.victim], { stdio: "ignore" });
    spawnSync("ip", ["netns", "del", this.attacker], { stdio: "ignore" });
  }
}

/** Everything a firewall action could leave behind, counters zeroed (traffic changes them). */
export function snapshot(pair: NamespacePair): string {
  const zero = (text: string) =>
    text
      .replace(/counter packets \d+ bytes \d+/g, "counter")
      .replace(/\[\d+:\d+\]/g, "[0:0]")
      .replace(/^#.*$/gm, "");
  return [
    zero(pair.inVictim("nft", "list", "ruleset")),
    zero(pair.inVictim("iptables-save")),
    zero(pair.inVictim("ip6tables-save")),
    pair.inVictim("ipset", "list", "-n"),
    pair.inVictim("tc", "qdisc", "show", "dev", pair.victimIf),
    pair.inVictim("tc", "filter", "show", "dev", pair.victimIf, "ingress"),
    pair.inVictim("ip", "-4", "route", "show", "table", "all"),
    pair.inVictim("ip", "-6", "route", "show", "table", "all"),
    ...Object.keys(SYSCTL_KEYS).map((key) => pair.inVictim("sysctl", key)),
  ].join("\n---\n");
}
