import type { FlowMatch, FragmentType, Intent, PortRange, TcpFlag } from "../intent.ts";

/**
 * Text forms of a rule for the two speakers driven by text: ExaBGP's API commands and BIRD 2's
 * static-route syntax. Pure; every value was validated by checkIntent, so nothing here can
 * inject syntax (prefixes are canonical, numbers are integers, flags come from fixed lists).
 */
const exaRanges = (ranges: PortRange[]) =>
  `[ ${ranges.map((r) => (r.from === r.to ? `=${r.from}` : `>=${r.from}&<=${r.to}`)).join(" ")} ]`;
const EXA_FRAGMENT: Record<FragmentType, string> = {
  DONT_FRAGMENT: "dont-fragment",
  IS_FRAGMENT: "is-fragment",
  FIRST_FRAGMENT: "first-fragment",
  LAST_FRAGMENT: "last-fragment",
};

function exaMatch(m: FlowMatch): string {
  const parts = [`destination ${m.destination};`];
  if (m.source) parts.push(`source ${m.source};`);
  if (m.protocols) parts.push(`protocol [ ${m.protocols.map((p) => `=${p}`).join(" ")} ];`);
  if (m.destinationPorts) parts.push(`destination-port ${exaRanges(m.destinationPorts)};`);
  if (m.sourcePorts) parts.push(`source-port ${exaRanges(m.sourcePorts)};`);
  if (m.packetLengths) parts.push(`packet-length ${exaRanges(m.packetLengths)};`);
  if (m.tcpFlags)
    parts.push(`tcp-flags [ ${m.tcpFlags.map((f: TcpFlag) => `=${f.toLowerCase()}`).join("&")} ];`);
  if (m.fragments) parts.push(`fragment [ ${m.fragments.map((f) => EXA_FRAGMENT[f]).join(" ")} ];`);
  return `match { ${parts.join(" ")} }`;
}

export function exabgpAnnounce(intent: Intent): string {
  if (intent.kind === "FLOWSPEC") {
    const action = intent.rateBytesPerSecond === 0 ? "discard;" : `rate-limit ${intent.rateBytesPerSecond};`;
    return `announce flow route { ${exaMatch(intent.match)} then { ${action} } }`;
  }
  if (intent.kind === "RTBH") {
    const standard = intent.communities.filter((c) => c.split(":").length !== 3);
    const large = intent.communities.filter((c) => c.split(":").length === 3);
    const largePart = large.length > 0 ? ` large-community [ ${large.join(" ")} ]` : "";
    return `announce route ${intent.prefix} next-hop ${intent.nextHop} community [ ${standard.join(" ")} ]${largePart}`;
  }
  throw new Error("scrubbing is not a BGP speaker's job");
}

export function exabgpWithdraw(intent: Intent): string {
  if (intent.kind === "FLOWSPEC") return `withdraw flow route { ${exaMatch(intent.match)} }`;
  if (intent.kind === "RTBH") return `withdraw route ${intent.prefix}`;
  throw new Error("scrubbing is not a BGP speaker's job");
}

const birdRanges = (ranges: PortRange[]) =>
  ranges.map((r) => (r.from === r.to ? `${r.from}` : `${r.from}..${r.to}`)).join(", ");
const BIRD_FRAGMENT: Record<FragmentType, string> = {
  DONT_FRAGMENT: "dont_fragment",
  IS_FRAGMENT: "is_fragment",
  FIRST_FRAGMENT: "first_fragment",
  LAST_FRAGMENT: "last_fragment",
};
const TCP_BITS: Record<TcpFlag, number> = {
  FIN: 1,
  SYN: 2,
  RST: 4,
  PSH: 8,
  ACK: 16,
  URG: 32,
  ECE: 64,
  CWR: 128,
};
const hex = (n: number) => `0x${n.toString(16)}`;

/** IEEE 754 single precision bits of a rate, as the traffic-rate extended community carries it. */
export function float32Bits(value: number): number {
  const view = new DataView(new ArrayBuffer(4));
  view.setFloat32(0, value);
  return view.getUint32(0);
}

function birdCommunity(c: string): string {
  if (c === "no-export") return "bgp_community.add((65535, 65281));";
  if (c === "no-advertise") return "bgp_community.add((65535, 65282));";
  if (c === "no-export-subconfed") return "bgp_community.add((65535, 65283));";
  const parts = c.split(":");
  if (parts.length === 3) return `bgp_large_community.add((${parts.join(", ")}));`;
  return `bgp_community.add((${parts.join(", ")}));`;
}

/** One BIRD 2 static route (inside the flow4/flow6 or ipv4/ipv6 static protocol Levee generates). */
export function birdRoute(intent: Intent): string {
  if (intent.kind === "FLOWSPEC") {
    const m = intent.match;
    const parts = [`dst ${m.destination};`];
    if (m.source) parts.push(`src ${m.source};`);
    const v6 = m.destination.includes(":");
    if (m.protocols) parts.push(`${v6 ? "next header" : "proto"} ${m.protocols.join(", ")};`);
    if (m.destinationPorts) parts.push(`dport ${birdRanges(m.destinationPorts)};`);
    if (m.sourcePorts) parts.push(`sport ${birdRanges(m.sourcePorts)};`);
    if (m.tcpFlags) {
      const mask = m.tcpFlags.reduce((acc, f) => acc | TCP_BITS[f], 0);
      parts.push(`tcp flags ${hex(mask)}/${hex(mask)};`);
    }
    if (m.packetLengths) parts.push(`length ${birdRanges(m.packetLengths)};`);
    if (m.fragments) {
      parts.push(`fragment ${m.fragments.map((f) => BIRD_FRAGMENT[f]).join(" || ")};`);
    }
    const rate = hex(float32Bits(intent.rateBytesPerSecond));
    return `route flow${v6 ? 6 : 4} { ${parts.join(" ")} } { bgp_ext_community.add((generic, 0x80060000, ${rate})); };`;
  }
  if (intent.kind === "RTBH") {
    const attributes = intent.communities.map(birdCommunity).join(" ");
    return `route ${intent.prefix} blackhole { bgp_next_hop = ${intent.nextHop}; ${attributes} };`;
  }
  throw new Error("scrubbing is not a BGP speaker's job");
}
