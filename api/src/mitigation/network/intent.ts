import { parseCidr } from "@levee/shared/cidr";
import { type Community, NO_EXPORT, parseCommunity } from "./community.ts";

/**
 * What network mitigation asks an upstream to do, independent of the speaker or provider that
 * carries it out. Every intent names one destination prefix (the protected target); the
 * adapters render it as a FlowSpec NLRI, an RTBH route or a scrubbing call.
 */
export type MitigationLevel = "RATE_LIMIT" | "DISCARD" | "RTBH" | "SCRUBBING";
/** Escalation order: each step drops more of the traffic (and more of the legitimate part). */
export const LEVELS: readonly MitigationLevel[] = ["RATE_LIMIT", "DISCARD", "RTBH", "SCRUBBING"];

export interface PortRange {
  from: number;
  to: number;
}

export const TCP_FLAGS = ["FIN", "SYN", "RST", "PSH", "ACK", "URG", "ECE", "CWR"] as const;
export type TcpFlag = (typeof TCP_FLAGS)[number];
export const FRAGMENT_TYPES = ["DONT_FRAGMENT", "IS_FRAGMENT", "FIRST_FRAGMENT", "LAST_FRAGMENT"] as const;
export type FragmentType = (typeof FRAGMENT_TYPES)[number];

/** FlowSpec match (RFC 8955 components). Lists are ORed; components are ANDed. */
export interface FlowMatch {
  destination: string;
  source?: string;
  protocols?: number[];
  destinationPorts?: PortRange[];
  sourcePorts?: PortRange[];
  packetLengths?: PortRange[];
  /** Match packets with all of these flags set. */
  tcpFlags?: TcpFlag[];
  fragments?: FragmentType[];
}

export type FlowIntent = {
  kind: "FLOWSPEC";
  match: FlowMatch;
  /** 0 bytes/s = discard (traffic-rate 0); otherwise police to this rate. */
  rateBytesPerSecond: number;
};
export type RtbhIntent = { kind: "RTBH"; prefix: string; nextHop: string; communities: Community[] };
export type ScrubbingIntent = { kind: "SCRUBBING"; prefix: string };
export type Intent = FlowIntent | RtbhIntent | ScrubbingIntent;

export interface IntentProblem {
  path: string;
  message: string;
}
export type Checked<T> = { ok: true; value: T } | { ok: false; problems: IntentProblem[] };

/** RFC 7999: the well-known BLACKHOLE community. */
export const BLACKHOLE = "65535:666";
/** Discard next hops (RFC 5737 / RFC 6666 ranges) that receivers route to a null interface. */
export const DEFAULT_RTBH_NEXT_HOP = { 4: "192.0.2.1", 6: "100::1" } as const;
const MAX_RATE = 1e12; // 8 Tbit/s in bytes/s: anything larger is a typo

export function levelOf(intent: Intent): MitigationLevel {
  if (intent.kind === "FLOWSPEC") return intent.rateBytesPerSecond === 0 ? "DISCARD" : "RATE_LIMIT";
  return intent.kind;
}

/** Destination prefix an intent protects. */
export function targetOf(intent: Intent): string {
  return intent.kind === "FLOWSPEC" ? intent.match.destination : intent.prefix;
}

function prefix(text: unknown, path: string, problems: IntentProblem[]): string | undefined {
  if (typeof text !== "string") return void problems.push({ path, message: "is required" });
  const parsed = parseCidr(text);
  if (!parsed.ok) return void problems.push({ path, message: parsed.message });
  return parsed.text;
}

function ranges(list: PortRange[] | undefined, max: number, path: string, problems: IntentProblem[]) {
  if (list === undefined) return undefined;
  if (list.length === 0 || list.length > 16)
    return void problems.push({ path, message: "needs between 1 and 16 ranges" });
  const ok = list.every((r, i) => {
    const good = Number.isInteger(r.from) && Number.isInteger(r.to) && r.from >= 0 && r.from <= r.to;
    if (!good || r.to > max)
      problems.push({ path: `${path}.${i}`, message: `must be a range within 0–${max} with from ≤ to` });
    return good && r.to <= max;
  });
  return ok ? [...list].sort((a, b) => a.from - b.from || a.to - b.to) : undefined;
}

function members<T extends string>(
  list: T[] | undefined,
  allowed: readonly T[],
  path: string,
  p: IntentProblem[],
) {
  if (list === undefined) return undefined;
  const bad = list.filter((v) => !allowed.includes(v));
  if (bad.length > 0 || list.length === 0)
    return void p.push({ path, message: `must be some of ${allowed.join(", ")}` });
  return allowed.filter((v) => list.includes(v));
}

/** Validates and canonicalises an intent (sorted lists, canonical prefixes), or lists every problem. */
export function checkIntent(input: Intent): Checked<Intent> {
  const problems: IntentProblem[] = [];
  if (input.kind === "FLOWSPEC") {
    const m = input.match;
    const destination = prefix(m.destination, "match.destination", problems);
    const source = m.source === undefined ? undefined : prefix(m.source, "match.source", problems);
    if (
      destination &&
      source &&
      parseCidr(destination).ok &&
      destination.includes(":") !== source.includes(":")
    )
      problems.push({ path: "match.source", message: "must be the same IP version as the destination" });
    let protocols: number[] | undefined;
    if (m.protocols !== undefined) {
      if (m.protocols.length === 0 || m.protocols.some((p) => !Number.isInteger(p) || p < 0 || p > 255))
        problems.push({ path: "match.protocols", message: "must be IP protocol numbers 0–255" });
      else protocols = [...new Set(m.protocols)].sort((a, b) => a - b);
    }
    const portsAllowed = !protocols || protocols.every((p) => p === 6 || p === 17 || p === 132);
    if ((m.destinationPorts || m.sourcePorts) && !portsAllowed)
      problems.push({
        path: "match.protocols",
        message: "ports only apply to TCP (6), UDP (17) or SCTP (132)",
      });
    // RFC 8956 §3.6: IPv6 has no Don't Fragment bit, and that bit of the component is reserved.
    // A BIRD 2 receiver answers such a route with "Malformed attribute list" and drops the whole
    // session (every route on it); a BIRD speaker refuses the configuration.
    if (destination?.includes(":") && m.fragments?.includes("DONT_FRAGMENT"))
      problems.push({
        path: "match.fragments",
        message:
          "DONT_FRAGMENT does not exist in IPv6 (RFC 8956): use IS_FRAGMENT, FIRST_FRAGMENT or LAST_FRAGMENT",
      });
    if (m.tcpFlags && protocols && !protocols.includes(6))
      problems.push({ path: "match.tcpFlags", message: "TCP flags need protocol 6 in the match" });
    const rate = input.rateBytesPerSecond;
    if (!Number.isFinite(rate) || rate < 0 || rate > MAX_RATE)
      problems.push({
        path: "rateBytesPerSecond",
        message: `must be 0 (discard) or a rate up to ${MAX_RATE} bytes/s`,
      });
    const match: FlowMatch = {
      destination: destination ?? "",
      ...(source && { source }),
      ...(protocols && { protocols }),
      ...optional("destinationPorts", ranges(m.destinationPorts, 65535, "match.destinationPorts", problems)),
      ...optional("sourcePorts", ranges(m.sourcePorts, 65535, "match.sourcePorts", problems)),
      ...optional("packetLengths", ranges(m.packetLengths, 65535, "match.packetLengths", problems)),
      ...optional("tcpFlags", members(m.tcpFlags, TCP_FLAGS, "match.tcpFlags", problems)),
      ...optional("fragments", members(m.fragments, FRAGMENT_TYPES, "match.fragments", problems)),
    };
    if (problems.length > 0) return { ok: false, problems };
    return { ok: true, value: { kind: "FLOWSPEC", match, rateBytesPerSecond: Math.round(rate) } };
  }
  if (input.kind === "RTBH") {
    const target = prefix(input.prefix, "prefix", problems);
    const version = target?.includes(":") ? 6 : 4;
    const nextHop = input.nextHop ?? DEFAULT_RTBH_NEXT_HOP[version];
    const hop = parseCidr(nextHop);
    if (
      !hop.ok ||
      hop.cidr.prefixLength !== (hop.cidr.version === 4 ? 32 : 128) ||
      hop.cidr.version !== version
    )
      problems.push({ path: "nextHop", message: `"${nextHop}" is not an IPv${version} address` });
    const communities: Community[] = [];
    for (const [i, text] of (input.communities ?? []).entries()) {
      const parsed = parseCommunity(String(text));
      if (parsed.ok) communities.push(parsed.value);
      else problems.push({ path: `communities.${i}`, message: parsed.message });
    }
    // RTBH always carries BLACKHOLE and NO_EXPORT so the blackhole never leaks beyond the upstream.
    const all = [...new Set([BLACKHOLE, NO_EXPORT, ...communities])].sort() as Community[];
    if (problems.length > 0) return { ok: false, problems };
    return {
      ok: true,
      value: {
        kind: "RTBH",
        prefix: target ?? "",
        nextHop: hop.ok ? hop.cidr.address : "",
        communities: all,
      },
    };
  }
  if (input.kind === "SCRUBBING") {
    const target = prefix(input.prefix, "prefix", problems);
    if (problems.length > 0) return { ok: false, problems };
    return { ok: true, value: { kind: "SCRUBBING", prefix: target ?? "" } };
  }
  return { ok: false, problems: [{ path: "kind", message: "must be FLOWSPEC, RTBH or SCRUBBING" }] };
}

function optional<K extends string, V>(key: K, value: V | undefined): Partial<Record<K, V>> {
  return value === undefined ? {} : ({ [key]: value } as Record<K, V>);
}

/** Stable identity of a (canonical) intent: the same rule asked twice has the same key. */
export function intentKey(intent: Intent): string {
  if (intent.kind === "FLOWSPEC") {
    const m = intent.match;
    const r = (list?: PortRange[]) =>
      list?.map((x) => (x.from === x.to ? `${x.from}` : `${x.from}-${x.to}`)).join(",");
    const parts = [
      `dst=${m.destination}`,
      m.source && `src=${m.source}`,
      m.protocols && `proto=${m.protocols.join(",")}`,
      m.destinationPorts && `dport=${r(m.destinationPorts)}`,
      m.sourcePorts && `sport=${r(m.sourcePorts)}`,
      m.packetLengths && `len=${r(m.packetLengths)}`,
      m.tcpFlags && `flags=${m.tcpFlags.join(",")}`,
      m.fragments && `frag=${m.fragments.join(",")}`,
    ].filter(Boolean);
    return `flowspec ${parts.join(" ")}`;
  }
  return intent.kind === "RTBH" ? `rtbh ${intent.prefix}` : `scrubbing ${intent.prefix}`;
}

/** One line for logs, the audit chain and the dashboard. */
export function describeIntent(intent: Intent): string {
  if (intent.kind === "FLOWSPEC") {
    const action =
      intent.rateBytesPerSecond === 0 ? "discard" : `rate-limit ${intent.rateBytesPerSecond} B/s`;
    return `${intentKey(intent)} then ${action}`;
  }
  if (intent.kind === "RTBH")
    return `rtbh ${intent.prefix} next-hop ${intent.nextHop} communities ${intent.communities.join(" ")}`;
  return intent.kind === "SCRUBBING" ? `scrubbing ${intent.prefix}` : "";
}

/** checkIntent for values known to be valid (fixtures, benchmarks): throws with every problem. */
export function validIntent(intent: Intent): Intent {
  const checked = checkIntent(intent);
  if (!checked.ok) throw new Error(`invalid intent: ${JSON.stringify(checked.problems)}`);
  return checked.value;
}
