import type { VectorFamily } from "./families.ts";
import { count, percent } from "./format.ts";
import { type OrdinaryFlow, ordinaryFlows } from "./ordinary-flows.ts";
import { reflectionVectors } from "./reflection-vectors.ts";
import type { TrafficProfile } from "./traffic-profile.ts";

/** A candidate attack vector: the packets that match one family's signature. */
export interface VectorCandidate {
  family: VectorFamily;
  packets: number;
  detail?: string;
  evidence: string[];
  /** A payload signature (not only ports or flags) confirms it. */
  signed: boolean;
  /** Set when the packets match but their shape says ordinary traffic (one flow, one stream). */
  benignShape?: string;
  /** Sources are reflectors (set for TCP SYN-ACK reflection; implied by the reflection families). */
  reflection?: boolean;
  /** UDP source ports this vector accounts for (reflection vectors). */
  ports?: number[];
}

const WEB_PORTS = new Set([80, 8080, 8000, 443, 8443]);

/**
 * Every vector present in the summary, largest first. Packets are attributed once:
 * reflection responses before generic UDP, HTTP connections before TCP flag patterns.
 * Ordinary flows (see ordinary-flows.ts) and a victim's SYN-ACK / RST answers to a SYN
 * flood are set aside as ordinaryPackets, outside the attack traffic.
 */
export interface VectorAnalysis {
  vectors: VectorCandidate[];
  /** Ordinary flows set aside as background, and how many packets they took from the vectors. */
  flows: OrdinaryFlow[];
  ordinaryPackets: number;
}

export function findVectors(t: TrafficProfile): VectorAnalysis {
  const s = t.summary;
  const vectors = reflectionVectors(t);
  const reflected = vectors.reduce((sum, v) => sum + v.packets, 0);
  const reflectionPorts = new Set([53, 123, 1900, 11211, ...vectors.flatMap((v) => v.ports ?? [])]);
  const flows = ordinaryFlows(t);
  const flowPackets = (protocol: "TCP" | "UDP") =>
    flows.filter((f) => f.protocol === protocol).reduce((sum, f) => sum + f.packets, 0);
  const udpAll = Math.max(0, s.protocols.udp - reflected);
  const udp = Math.max(0, udpAll - flowPackets("UDP"));
  let ordinaryPackets = udpAll - udp;
  if (udp > 0) {
    const port = s.topDestinationPorts.find((p) => p.protocol === "UDP");
    const orphans = Math.min(udp, s.unmatchedFragments ?? 0);
    const detail =
      orphans >= udp * 0.5
        ? "of IP fragments without a first fragment"
        : port && port.packets >= udp * 0.5
          ? `to udp/${port.port}`
          : "to many ports";
    const evidence = [
      `${percent(t.share(udp))} of packets are UDP that no reflection signature explains (${detail})`,
    ];
    if (orphans > 0)
      evidence.push(
        `${count(orphans)} IP fragments arrived without their first fragment (no UDP header: a fragment flood, or answers whose first fragments were lost)`,
      );
    vectors.push({
      family: "UDP_FLOOD",
      packets: udp,
      detail,
      evidence,
      signed: false,
      benignShape: ordinaryShape(t, "UDP", udp, new Set([...reflectionPorts, ...flowPorts(flows, "UDP")])),
    });
  }

  const http = httpVector(t);
  const tcpScale = http ? Math.max(0, 1 - http.packets / Math.max(1, s.protocols.tcp)) : 1;
  if (http) vectors.push(http);
  const f = s.tcpFlags;
  const synFlood = f.syn >= s.packets * 0.2;
  const replies = synFlood ? Math.min(f.synAck + f.rst, f.syn, answerablePackets(t)) : 0;
  const synAckLeft = Math.max(0, f.synAck - replies);
  const rstAll = Math.max(0, f.rst - Math.max(0, replies - f.synAck));
  // The victim's answers to a SYN flood are its consequence, not attack traffic.
  ordinaryPackets += replies * tcpScale;
  const refusals = synFlood ? refusedHandshakes(t, rstAll) : 0;
  const rstLeft = rstAll - refusals;
  const tcp: [VectorFamily, number, string][] = [
    ["SYN_FLOOD", (f.syn + refusals) * tcpScale, synText(t, f.syn, replies, refusals)],
    ["ACK_FLOOD", (f.ack + synAckLeft) * tcpScale, ackText(t, f.ack, synAckLeft)],
    ["TCP_FLAG_FLOOD", (f.fin + f.psh + f.other) * tcpScale, flagText(t, f.fin, f.psh, f.other)],
    ["RST_FLOOD", rstLeft * tcpScale, `${percent(t.share(rstLeft))} of packets are TCP RST`],
  ];
  // Ordinary TCP flows carry ACK, PSH+ACK and FIN segments, never a SYN flood: take them from those vectors.
  let tcpFlows = flowPackets("TCP");
  const tcpFlowPorts = new Set(flowPorts(flows, "TCP"));
  for (const [family, all, text] of tcp) {
    const taken = family === "SYN_FLOOD" ? 0 : Math.min(all, tcpFlows);
    tcpFlows -= taken;
    ordinaryPackets += taken;
    const packets = all - taken;
    if (packets <= 0) continue;
    // SYN floods are never ordinary traffic (a port scan is no flood); other flag patterns are
    // when a few hosts on few ports carry them.
    const benignShape =
      family === "SYN_FLOOD" ? portScanShape(t) : ordinaryShape(t, "TCP", packets, tcpFlowPorts);
    const synAckReflection = family === "ACK_FLOOD" && synAckLeft > f.ack;
    const mirai =
      family === "SYN_FLOOD"
        ? t.signature("MIRAI_SYN")
        : family === "ACK_FLOOD"
          ? t.signature("MIRAI_ACK")
          : 0;
    const evidence = [text];
    if (mirai > 0)
      evidence.push(
        `${count(mirai)} packets carry Mirai's fixed ${family === "SYN_FLOOD" ? "SYN options" : "512-byte ACK payload"}`,
      );
    vectors.push({
      family,
      packets: Math.round(packets),
      evidence,
      signed: mirai > 0,
      benignShape,
      ...(synAckReflection ? { detail: "SYN-ACK reflection", reflection: true } : {}),
    });
  }

  if (s.protocols.icmp > 0) {
    const evidence = [`${percent(t.share(s.protocols.icmp))} of packets are ICMP`];
    vectors.push({ family: "ICMP_FLOOD", packets: s.protocols.icmp, evidence, signed: false });
  }
  if (s.protocols.gre > 0) {
    const mirai = t.signature("MIRAI_GRE");
    const evidence = [`${percent(t.share(s.protocols.gre))} of packets are GRE (IP protocol 47)`];
    if (mirai > 0)
      evidence.push(
        `${percent(mirai / s.protocols.gre)} of GRE packets wrap UDP the way Mirai's GRE floods do`,
      );
    const tunnel = mirai < s.protocols.gre * 0.3 && (s.protocolSources?.gre ?? s.distinctSources) < 10;
    vectors.push({
      family: "GRE_FLOOD",
      packets: s.protocols.gre,
      evidence,
      signed: mirai > 0,
      benignShape: tunnel ? "GRE between a few endpoints looks like a tunnel" : undefined,
    });
  }
  if (s.protocols.other > 0) {
    const evidence = [
      `${percent(t.share(s.protocols.other))} of packets use IP protocols other than TCP, UDP, ICMP and GRE`,
    ];
    vectors.push({ family: "IP_PROTOCOL_FLOOD", packets: s.protocols.other, evidence, signed: false });
  }
  return {
    vectors: vectors.sort((a, b) => b.packets - a.packets),
    flows,
    ordinaryPackets: Math.round(ordinaryPackets),
  };
}

/**
 * Packets that can be the victim's answers to a SYN flood: when the SYNs go to a few ports, the
 * answers come from those ports, so RSTs from elsewhere are a flood of their own (SYN + RST is
 * two vectors). SYNs spread over many ports leave no such test: every RST / SYN-ACK may answer.
 */
function answerablePackets(t: TrafficProfile): number {
  const s = t.summary;
  const flooded = s.topDestinationPorts.filter((p) => p.protocol === "TCP").slice(0, 2);
  const concentrated = flooded.reduce((sum, p) => sum + p.packets, 0) >= s.tcpFlags.syn * 0.5;
  if (!concentrated) return Number.POSITIVE_INFINITY;
  const ports = new Set(flooded.map((p) => p.port));
  return s.topSourcePorts
    .filter((p) => p.protocol === "TCP" && ports.has(p.port))
    .reduce((sum, p) => sum + p.packets, 0);
}

/**
 * RSTs that are the SYN flood's sources refusing the node's own SYN-ACKs: a host whose address
 * was spoofed, or the sender's own stack, answers an unexpected SYN-ACK with RST, back to the
 * flooded port. They are the SYN flood's echo, not an RST flood (a SYN flood on a listening port
 * read as "multi-vector: SYN + RST" before). At most one per SYN-ACK the node sent (its own
 * traffic, set aside by the agent), and only RSTs the flooded ports received; without the node's
 * SYN-ACKs in view, RSTs stay a vector of their own.
 */
function refusedHandshakes(t: TrafficProfile, rsts: number): number {
  const s = t.summary;
  const synAcksSent = s.ownTraffic?.synAck ?? 0;
  if (rsts === 0 || synAcksSent === 0) return 0;
  const flooded = s.topDestinationPorts.filter((p) => p.protocol === "TCP").slice(0, 2);
  const toFlooded = flooded.reduce((sum, p) => sum + p.packets, 0);
  // SYNs spread over many ports leave no way to tell refusals from an RST flood: both stay.
  if (toFlooded < s.tcpFlags.syn * 0.5) return 0;
  // Packets to the flooded ports beyond their SYNs are at most what else arrived there.
  return Math.min(rsts, synAcksSent, Math.max(0, toFlooded - s.tcpFlags.syn));
}

function flowPorts(flows: OrdinaryFlow[], protocol: "TCP" | "UDP"): number[] {
  return flows.filter((f) => f.protocol === protocol).map((f) => f.port);
}

/** Why a protocol's remaining packets look ordinary: few sources on two ports carry them. */
function ordinaryShape(t: TrafficProfile, protocol: "TCP" | "UDP", packets: number, skip: Set<number>) {
  const s = t.summary;
  const ports = s.topSourcePorts.filter((p) => p.protocol === protocol && !skip.has(p.port));
  const top = ports[0];
  if (!top || packets === 0) return undefined;
  const sources = (protocol === "TCP" ? s.protocolSources?.tcp : s.protocolSources?.udp) ?? s.distinctSources;
  const concentration = (top.packets + (ports[1]?.packets ?? 0)) / packets;
  if (sources < 50 && concentration >= 0.5) {
    return `${protocol} from ${count(sources)} sources on two ports looks like ordinary connections`;
  }
  return undefined;
}

/** HTTP requests and TLS ClientHellos (new HTTPS sessions) to web ports. */
/**
 * A port scan replayed at attack rate: SYNs from a few sources that keep one or two source ports
 * (scanners reuse theirs; floods pick a new one per packet) to destination ports spread so wide
 * that none carries a tenth of them. Needs the victim's answers out of the way (the agent sets
 * the node's own packets aside; `analyze --own-address` does the same).
 */
function portScanShape(t: TrafficProfile): string | undefined {
  const s = t.summary;
  const syn = s.tcpFlags.syn;
  const sources = s.protocolSources?.tcp ?? s.distinctSources;
  // The victim's answers (SYN-ACK, RST) share the scanner's ports with the flood's: judge only
  // when they are not in the way (set aside as the node's own traffic, or absent).
  const answers = s.tcpFlags.synAck + s.tcpFlags.rst;
  if (syn === 0 || sources > 4 || answers >= syn * 0.2) return undefined;
  const sourcePorts = s.topSourcePorts.filter((p) => p.protocol === "TCP").slice(0, 2);
  const fixedSource = sourcePorts.reduce((sum, p) => sum + p.packets, 0) >= syn * 0.5;
  // The victim's answers go back to the scanner's source ports: those are no target.
  const scannerPorts = new Set(sourcePorts.map((p) => p.port));
  const topTarget =
    s.topDestinationPorts.find((p) => p.protocol === "TCP" && !scannerPorts.has(p.port))?.packets ?? 0;
  if (!fixedSource || topTarget >= syn * 0.1) return undefined;
  return `SYNs from ${count(sources)} source${sources === 1 ? "" : "s"} on fixed source ports to ports spread wide: a port scan, not a SYN flood`;
}

function httpVector(t: TrafficProfile): VectorCandidate | undefined {
  const hellos = t.signature("TLS_CLIENT_HELLO");
  const requests = t.signature("HTTP_REQUEST") + hellos;
  if (requests === 0 || t.share(requests) < 0.12 || requests / t.seconds < 50) return undefined;
  const s = t.summary;
  const web = [...s.topDestinationPorts, ...s.topSourcePorts]
    .filter((p) => p.protocol === "TCP" && WEB_PORTS.has(p.port))
    .reduce((sum, p) => sum + p.packets, 0);
  const packets = Math.min(s.protocols.tcp, Math.max(requests, web));
  const https = hellos >= requests / 2;
  const what = https ? "TLS ClientHellos (new HTTPS sessions)" : "HTTP requests";
  const evidence = [
    `${count(requests)} ${what} (${percent(t.share(requests))} of packets, ${count(requests / t.seconds)} per second)`,
    `${percent(t.share(packets))} of packets belong to connections to web ports`,
  ];
  return {
    family: "HTTP_FLOOD",
    packets,
    evidence,
    signed: true,
    ...(https ? { detail: "HTTPS (TLS)" } : {}),
  };
}

function synText(t: TrafficProfile, syn: number, replies: number, refusals: number): string {
  let text = `${percent(t.share(syn))} of packets are TCP SYN without ACK`;
  if (replies > 0) text += `; ${percent(t.share(replies))} are SYN-ACK / RST answers to them, set aside`;
  if (refusals > 0)
    text += `; ${percent(t.share(refusals))} are RSTs refusing the node's SYN-ACKs (the flood's sources answering its handshakes), part of it`;
  return text;
}

function ackText(t: TrafficProfile, ack: number, synAck: number): string {
  if (synAck > ack) return `${percent(t.share(synAck))} of packets are unsolicited SYN-ACKs (TCP reflection)`;
  return `${percent(t.share(ack + synAck))} of packets are bare TCP ACKs`;
}

function flagText(t: TrafficProfile, fin: number, psh: number, other: number): string {
  const parts = [
    [fin, "FIN"],
    [psh, "PSH+ACK"],
    [other, "unusual flag combinations"],
  ] as const;
  const listed = parts.filter(([n]) => n > 0).map(([n, name]) => `${percent(t.share(n))} ${name}`);
  return `TCP flag pattern: ${listed.join(", ")}`;
}
