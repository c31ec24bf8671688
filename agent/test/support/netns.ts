import { execFileSync, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";

/** Why namespace tests cannot run here, or undefined when they can (root, `ip`, netns support). */
export function netnsUnavailable(): string | undefined {
  if (process.getuid?.() !== 0) return "needs root (network namespaces)";
  if (spawnSync("ip", ["-V"]).status !== 0) return "the `ip` command (iproute2) is not installed";
  return undefined;
}

/**
 * A namespace with one end of a veth pair; the other end stays in this namespace with
 * 10.<a>.<b>.1/30, the peer gets .2. Traffic only ever flows between the two ends.
 */
export class VethPair {
  /** LEVEE_TEST_NETNS_PREFIX names the namespaces of one runner apart from another's on a shared machine. */
  readonly ns = `${process.env.LEVEE_TEST_NETNS_PREFIX ?? "levee-t"}-${randomBytes(3).toString("hex")}`;
  readonly host: string;
  readonly peer: string;
  readonly hostIp: string;
  readonly peerIp: string;

  constructor() {
    const tag = randomBytes(2);
    this.host = `lvh${tag.toString("hex")}`;
    this.peer = `lvp${tag.toString("hex")}`;
    const [a, b] = [200 + ((tag[0] as number) % 50), ((tag[1] as number) & 0x3f) * 4];
    this.hostIp = `10.${a}.${b}.1`;
    this.peerIp = `10.${a}.${b}.2`;
    const ip = (...args: string[]) => execFileSync("ip", args, { stdio: "pipe" });
    ip("netns", "add", this.ns);
    ip("link", "add", this.host, "type", "veth", "peer", "name", this.peer, "netns", this.ns);
    // Quiet link: no IPv6 (router/neighbour solicitations) and static ARP, so a capture holds
    // exactly the packets a test sends.
    const noIpv6 = (iface: string) => ["sysctl", "-qw", `net.ipv6.conf.${iface}.disable_ipv6=1`];
    execFileSync("sysctl", noIpv6(this.host).slice(1), { stdio: "pipe" });
    execFileSync("ip", ["netns", "exec", this.ns, ...noIpv6(this.peer)], { stdio: "pipe" });
    ip("addr", "add", `${this.hostIp}/30`, "dev", this.host);
    ip("link", "set", this.host, "up");
    ip("-n", this.ns, "addr", "add", `${this.peerIp}/30`, "dev", this.peer);
    ip("-n", this.ns, "link", "set", this.peer, "up");
    ip("-n", this.ns, "link", "set", "lo", "up");
    const mac = (args: string[]) =>
      /link\/ether (\S+)/.exec(execFileSync("ip", args, { encoding: "utf8" }))?.[1] as string;
    ip(
      "neigh",
      "replace",
      this.peerIp,
      "lladdr",
      mac(["-n", this.ns, "link", "show", this.peer]),
      "dev",
      this.host,
    );
    ip(
      "-n",
      this.ns,
      "neigh",
      "replace",
      this.hostIp,
      "lladdr",
      mac(["link", "show", this.host]),
      "dev",
      this.peer,
    );
  }

  /** argv prefix that runs a command inside the peer namespace. */
  exec(): string[] {
    return ["ip", "netns", "exec", this.ns];
  }

  /** [command, args] running support/udp-sender.ts in the peer namespace toward the host side. */
  udpSender(port: number, count: number, label: string, pps: number): [string, string[]] {
    const [command, ...prefix] = this.exec();
    const sender = ["--import", "tsx", "agent/test/support/udp-sender.ts"];
    return [
      command as string,
      [...prefix, process.execPath, ...sender, this.hostIp, String(port), String(count), label, String(pps)],
    ];
  }

  destroy(): void {
    spawnSync("ip", ["link", "del", this.host], { stdio: "ignore" });
    spawnSync("ip", ["netns", "del", this.ns], { stdio: "ignore" });
  }
}
