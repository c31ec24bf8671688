import { createHash } from "node:crypto";
import type { Intent } from "../intent.ts";
import type { SpeakerCall } from "../speakers/speaker.ts";
import type { CloudProvider } from "./cloud-provider.ts";
import { DEFAULT_RETRY, httpCall, jsonField, type RetryPolicy } from "./http-call.ts";

export interface OvhConfig {
  applicationKey: string;
  applicationSecret: string;
  consumerKey: string;
  /** The OVH IP block the protected addresses belong to, e.g. "203.0.113.0/24". */
  ipBlock: string;
  baseUrl?: string;
  retry?: RetryPolicy;
}

const PROTOCOLS: Record<number, string> = {
  1: "icmp",
  6: "tcp",
  17: "udp",
  47: "gre",
  50: "esp",
  51: "ah",
  4: "ipv4",
};

/** OVH's request signature: "$1$" + SHA1(AS+CK+METHOD+URL+BODY+TIMESTAMP joined by "+"). */
export function ovhSignature(
  secret: string,
  consumer: string,
  method: string,
  url: string,
  body: string,
  timestamp: number,
): string {
  return `$1$${createHash("sha1").update([secret, consumer, method, url, body, timestamp].join("+")).digest("hex")}`;
}

/**
 * OVH: scrubbing = permanent mitigation of an IP (POST/DELETE /ip/{block}/mitigation), and a
 * FlowSpec discard of one protocol (with optional source and one port) = an Edge Network
 * Firewall rule (POST /ip/{block}/firewall/{ip}/rule, first free sequence 0–19; removed by
 * finding the rule with the same fields). Every call is signed with the server's clock
 * offset (GET /auth/time once).
 */
export class OvhProvider implements CloudProvider {
  readonly name = "ovh";
  private readonly base: string;
  private offset: number | undefined;

  constructor(private readonly config: OvhConfig) {
    this.base = (config.baseUrl ?? "https://eu.api.ovh.com/1.0").replace(/\/$/, "");
  }

  supports(intent: Intent): boolean {
    if (intent.kind === "SCRUBBING") return true;
    return (
      intent.kind === "FLOWSPEC" && intent.rateBytesPerSecond === 0 && firewallRule(intent, 0) !== undefined
    );
  }

  private async call(method: "GET" | "POST" | "DELETE", path: string, body?: unknown) {
    if (this.offset === undefined) {
      const { body: time } = await httpCall(
        this.name,
        () => ({ method: "GET", url: `${this.base}/auth/time`, headers: {} }),
        this.retry(),
        (_s, t) => t,
      );
      this.offset = Number(time) - Math.floor(Date.now() / 1000);
    }
    const url = `${this.base}${path}`;
    const text = body === undefined ? "" : JSON.stringify(body);
    const { config } = this;
    return httpCall(
      this.name,
      () => {
        const timestamp = Math.floor(Date.now() / 1000) + (this.offset ?? 0);
        return {
          method,
          url,
          headers: {
            "content-type": "application/json",
            "x-ovh-application": config.applicationKey,
            "x-ovh-consumer": config.consumerKey,
            "x-ovh-timestamp": String(timestamp),
            "x-ovh-signature": ovhSignature(
              config.applicationSecret,
              config.consumerKey,
              method,
              url,
              text,
              timestamp,
            ),
          },
          ...(body !== undefined && { body: text }),
        };
      },
      this.retry(),
      (_status, t) => jsonField(t, (json) => json.message),
    );
  }

  private retry() {
    return this.config.retry ?? DEFAULT_RETRY;
  }

  private block() {
    return encodeURIComponent(this.config.ipBlock);
  }

  async apply(intent: Intent): Promise<SpeakerCall> {
    if (intent.kind === "SCRUBBING") {
      const ip = intent.prefix.split("/")[0];
      const { request } = await this.call("POST", `/ip/${this.block()}/mitigation`, { ipOnMitigation: ip });
      return { speaker: this.name, request };
    }
    if (intent.kind !== "FLOWSPEC") throw new Error("ovh: scrubbing or FlowSpec discard only");
    const ip = intent.match.destination.split("/")[0] as string;
    const path = `/ip/${this.block()}/firewall/${encodeURIComponent(ip)}/rule`;
    const { body } = await this.call("GET", path);
    const used = new Set(JSON.parse(body) as number[]);
    const sequence = Array.from({ length: 20 }, (_, i) => i).find((i) => !used.has(i));
    if (sequence === undefined) throw new Error(`ovh: the edge firewall of ${ip} already holds 20 rules`);
    const { request } = await this.call("POST", path, firewallRule(intent, sequence));
    return { speaker: this.name, request };
  }

  async remove(intent: Intent): Promise<SpeakerCall> {
    if (intent.kind === "SCRUBBING") {
      const ip = intent.prefix.split("/")[0] as string;
      const { request } = await this.call(
        "DELETE",
        `/ip/${this.block()}/mitigation/${encodeURIComponent(ip)}`,
      );
      return { speaker: this.name, request };
    }
    if (intent.kind !== "FLOWSPEC") throw new Error("ovh: scrubbing or FlowSpec discard only");
    const ip = intent.match.destination.split("/")[0] as string;
    const path = `/ip/${this.block()}/firewall/${encodeURIComponent(ip)}/rule`;
    const wanted = firewallRule(intent, 0);
    const sequences = JSON.parse((await this.call("GET", path)).body) as number[];
    for (const sequence of sequences) {
      const rule = JSON.parse((await this.call("GET", `${path}/${sequence}`)).body) as Record<
        string,
        unknown
      >;
      const same =
        wanted && Object.entries(wanted).every(([k, v]) => k === "sequence" || sameField(rule[k], v));
      if (same) {
        const { request } = await this.call("DELETE", `${path}/${sequence}`);
        return { speaker: this.name, request };
      }
    }
    return { speaker: this.name, request: { note: "no matching edge firewall rule (already removed)" } };
  }
}

function sameField(stored: unknown, wanted: unknown): boolean {
  if (typeof stored === "string" && typeof wanted === "string")
    return stored.replace(/\/32$/, "") === wanted.replace(/\/32$/, "");
  return String(stored) === String(wanted);
}

/** OVH edge firewall rule for a FlowSpec discard, or undefined when it cannot express it. */
function firewallRule(intent: Intent, sequence: number): Record<string, unknown> | undefined {
  if (intent.kind !== "FLOWSPEC") return undefined;
  const m = intent.match;
  if (m.protocols && m.protocols.length !== 1) return undefined;
  if (m.packetLengths || m.fragments) return undefined;
  const one = (list?: { from: number; to: number }[]) =>
    list && list.length === 1 && list[0]?.from === list[0]?.to ? list[0]?.from : undefined;
  if (
    (m.sourcePorts && one(m.sourcePorts) === undefined) ||
    (m.destinationPorts && one(m.destinationPorts) === undefined)
  )
    return undefined;
  const protocol = m.protocols ? PROTOCOLS[m.protocols[0] as number] : "ipv4";
  if (!protocol) return undefined;
  return {
    action: "deny",
    sequence,
    protocol,
    ...(m.source && { source: m.source }),
    ...(one(m.sourcePorts) !== undefined && { sourcePort: one(m.sourcePorts) }),
    ...(one(m.destinationPorts) !== undefined && { destinationPort: one(m.destinationPorts) }),
    ...(m.tcpFlags?.length === 1 && m.tcpFlags[0] === "SYN" && { tcpOption: { option: "syn" } }),
  };
}
