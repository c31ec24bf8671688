import type { Intent } from "../intent.ts";
import type { SpeakerCall } from "../speakers/speaker.ts";
import type { CloudProvider } from "./cloud-provider.ts";
import { DEFAULT_RETRY, httpCall, jsonField, type RetryPolicy } from "./http-call.ts";

export interface HetznerConfig {
  user: string;
  password: string;
  /** Robot server number of each protected address. */
  servers: Record<string, number>;
  baseUrl?: string;
  retry?: RetryPolicy;
}

const PROTOCOLS: Record<number, string> = {
  6: "tcp",
  17: "udp",
  1: "icmp",
  47: "gre",
  50: "esp",
  51: "ah",
  58: "ipv6-icmp",
};
const LEVEE = "levee ";
type Rule = Record<string, string>;

/**
 * Hetzner Robot's stateless firewall (POST /firewall/{server-number}, form-encoded, basic
 * auth). Robot replaces a server's whole rule list on each POST, so Levee reads it first
 * (GET /firewall/{n}), keeps every rule it did not make (names not starting "levee "), puts
 * its discard rules first and posts the list back. Hetzner allows at most 10 input rules.
 */
export class HetznerRobot implements CloudProvider {
  readonly name = "hetzner";
  private readonly base: string;

  constructor(private readonly config: HetznerConfig) {
    this.base = (config.baseUrl ?? "https://robot-ws.your-server.de").replace(/\/$/, "");
  }

  supports(intent: Intent): boolean {
    return (
      intent.kind === "FLOWSPEC" &&
      intent.rateBytesPerSecond === 0 &&
      this.server(intent) !== undefined &&
      robotRule(intent) !== undefined
    );
  }

  private server(intent: Intent) {
    return intent.kind === "FLOWSPEC"
      ? this.config.servers[intent.match.destination.split("/")[0] as string]
      : undefined;
  }

  private call(method: "GET" | "POST", path: string, form?: URLSearchParams) {
    const auth = Buffer.from(`${this.config.user}:${this.config.password}`).toString("base64");
    return httpCall(
      this.name,
      () => ({
        method,
        url: `${this.base}${path}`,
        headers: {
          authorization: `Basic ${auth}`,
          ...(form && { "content-type": "application/x-www-form-urlencoded" }),
        },
        ...(form && { body: form.toString() }),
      }),
      this.config.retry ?? DEFAULT_RETRY,
      (_status, text) => jsonField(text, (json) => json.error?.message),
    );
  }

  apply(intent: Intent): Promise<SpeakerCall> {
    return this.change(intent, true);
  }

  remove(intent: Intent): Promise<SpeakerCall> {
    return this.change(intent, false);
  }

  private async change(intent: Intent, add: boolean): Promise<SpeakerCall> {
    const server = this.server(intent);
    const rule = robotRule(intent);
    if (server === undefined || !rule)
      throw new Error("hetzner: no Robot server for this address, or a match Robot cannot express");
    const { body } = await this.call("GET", `/firewall/${server}`);
    const firewall = JSON.parse(body).firewall as {
      whitelist_hos: boolean;
      rules: { input: Rule[]; output?: Rule[] };
    };
    const others = firewall.rules.input.filter((r) => !String(r.name ?? "").startsWith(LEVEE));
    const ours = firewall.rules.input.filter(
      (r) => String(r.name ?? "").startsWith(LEVEE) && r.name !== rule.name,
    );
    const input = [...(add ? [rule] : []), ...ours, ...others];
    if (input.length > 10)
      throw new Error(`hetzner: server ${server} would need ${input.length} firewall rules; Robot allows 10`);
    const form = new URLSearchParams({ status: "active", whitelist_hos: String(firewall.whitelist_hos) });
    const put = (direction: string, rules: Rule[]) =>
      rules.forEach((r, i) => {
        for (const [k, v] of Object.entries(r))
          if (v !== null && v !== undefined && v !== "")
            form.append(`rules[${direction}][${i}][${k}]`, String(v));
      });
    put("input", input);
    put("output", firewall.rules.output ?? []);
    const { request } = await this.call("POST", `/firewall/${server}`, form);
    return { speaker: this.name, request };
  }
}

function robotRule(intent: Intent): Rule | undefined {
  if (intent.kind !== "FLOWSPEC" || intent.match.destination.includes(":")) return undefined;
  const m = intent.match;
  if ((m.protocols && m.protocols.length !== 1) || m.packetLengths || m.fragments) return undefined;
  const range = (list?: { from: number; to: number }[]) =>
    list && list.length === 1
      ? list[0]?.from === list[0]?.to
        ? `${list[0]?.from}`
        : `${list[0]?.from}-${list[0]?.to}`
      : undefined;
  if ((m.sourcePorts && !range(m.sourcePorts)) || (m.destinationPorts && !range(m.destinationPorts)))
    return undefined;
  const protocol = m.protocols ? PROTOCOLS[m.protocols[0] as number] : undefined;
  if (m.protocols && !protocol) return undefined;
  const rule: Rule = {
    name: `${LEVEE}${m.destination}`.slice(0, 40),
    ip_version: "ipv4",
    dst_ip: m.destination,
    action: "discard",
  };
  if (m.source) rule.src_ip = m.source;
  if (protocol) rule.protocol = protocol;
  const sport = range(m.sourcePorts);
  const dport = range(m.destinationPorts);
  if (sport) rule.src_port = sport;
  if (dport) rule.dst_port = dport;
  if (m.tcpFlags) rule.tcp_flags = m.tcpFlags.map((f) => f.toLowerCase()).join("&");
  return rule;
}
