import { z } from "zod";
import { decodeSketch, MAX_SKETCH_LENGTH } from "./source-sketch.ts";

/**
 * What levee-agent's feature extractor reports about one second of captured packets
 * (sent with the telemetry sample while capture is active, and produced offline by
 * `levee-agent analyze`). Pure data: the classifier works from this and nothing else.
 */

/** Upper bounds (exclusive) of the packet-size buckets; the last bucket is ≥ 1500 bytes. */
export const PACKET_SIZE_BUCKETS = [64, 128, 256, 512, 1024, 1500] as const;
export const SIZE_HISTOGRAM_LENGTH = PACKET_SIZE_BUCKETS.length + 1;
export const MAX_TOP_SOURCES = 32;
export const MAX_TOP_PORTS = 16;
export const MAX_SIGNATURES = 32;

/** Payload signatures the extractor recognises (a packet counts once per signature). */
export const SIGNATURE_NAMES = [
  "DNS_ANY_RESPONSE",
  "DNS_RESPONSE",
  "NTP_MONLIST_RESPONSE",
  "NTP_RESPONSE",
  "MEMCACHED_VALUE_RESPONSE",
  "SSDP_REPLY",
  "CLDAP_RESPONSE",
  "CHARGEN_RESPONSE",
  "SNMP_RESPONSE",
  "MIRAI_GRE",
  "MIRAI_SYN",
  "MIRAI_ACK",
  "HTTP_REQUEST",
  "TLS_CLIENT_HELLO",
] as const;
export type SignatureName = (typeof SIGNATURE_NAMES)[number];

const count = z.number().int().min(0).max(1e12);
const port = z.number().int().min(0).max(65535);

const summaryShape = z.object({
  /** Seconds of traffic covered: the agent's sample interval (0.1–60; absent means 1). */
  seconds: z.number().positive().max(3600).optional(),
  packets: count,
  bytes: count,
  distinctSources: count,
  /** False once the exact set overflowed its cap and the count comes from a sketch. */
  distinctSourcesExact: z.boolean(),
  /** The sources themselves as a mergeable sketch (source-sketch.ts), so merged summaries count them exactly once. */
  sourceSketch: z
    .string()
    .max(MAX_SKETCH_LENGTH)
    .refine((text) => decodeSketch(text) !== undefined, "is not a source sketch (x… hashes or h… registers)")
    .optional(),
  topSources: z
    .array(
      z.object({
        ip: z.union([z.ipv4(), z.ipv6()]),
        packets: count,
        bytes: count,
        /** Distinct IP TTL / hop-limit values seen from this source (at most 8 kept). */
        ttls: z.array(z.number().int().min(0).max(255)).max(8),
      }),
    )
    .max(MAX_TOP_SOURCES),
  topSourcePorts: z
    .array(z.object({ protocol: z.enum(["TCP", "UDP"]), port, packets: count }))
    .max(MAX_TOP_PORTS),
  topDestinationPorts: z
    .array(z.object({ protocol: z.enum(["TCP", "UDP"]), port, packets: count }))
    .max(MAX_TOP_PORTS),
  protocols: z.object({ tcp: count, udp: count, icmp: count, gre: count, other: count }),
  /** Distinct sources per protocol (lower bounds once the extractor's source table overflowed). */
  protocolSources: z.object({ tcp: count, udp: count, icmp: count, gre: count, other: count }).optional(),
  /** TCP packets by flag pattern: SYN only, SYN+ACK, bare ACK, RST, FIN, PSH(+ACK), anything else. */
  tcpFlags: z.object({
    syn: count,
    synAck: count,
    ack: count,
    rst: count,
    fin: count,
    psh: count,
    other: count,
  }),
  sizeHistogram: z.array(count).length(SIZE_HISTOGRAM_LENGTH),
  /** Packets per TTL value (sparse). */
  ttlHistogram: z.array(z.object({ ttl: z.number().int().min(0).max(255), packets: count })).max(256),
  /** Sources followed for TTL consistency, and how many of them showed more than one TTL. */
  trackedSources: count,
  sourcesWithVaryingTtl: count,
  /** Distinct sources and packets from bogon / martian address space. */
  bogonSources: count,
  bogonPackets: count,
  fragments: count,
  /** Later fragments whose first fragment (the one with the UDP/TCP header) never arrived in the interval. */
  unmatchedFragments: count.optional(),
  /** Truncated, corrupt or non-IP packets: counted and skipped. */
  malformed: count,
  signatures: z.array(z.object({ name: z.enum(SIGNATURE_NAMES), packets: count })).max(MAX_SIGNATURES),
  /** Packets the node itself sent (its answers: RST, SYN-ACK, ICMP), left out of every count above. */
  ownTraffic: z
    .object({
      packets: count,
      rst: count,
      synAck: count,
      icmp: count,
      other: count,
      /** The node's interface addresses, as the agent reported them. */
      addresses: z.array(z.union([z.ipv4(), z.ipv6()])).max(16),
    })
    .optional(),
});

/**
 * A summary as the agent sends it: the shape above, and counts that can all be true at once
 * (no part larger than its whole), so a buggy or hostile agent cannot feed the merge impossible
 * numbers. Each problem names its field (samples.3.capture.tcpFlags).
 */
export const captureSummarySchema = summaryShape.superRefine((s, ctx) => {
  const problem = (path: (string | number)[], message: string) =>
    ctx.addIssue({ code: "custom", path, message });
  const total = (values: number[]) => values.reduce((sum, n) => sum + n, 0);
  const atMost = (path: (string | number)[], value: number, whole: number, wholeName: string) => {
    if (value > whole) problem(path, `is ${value}, more than ${wholeName} (${whole})`);
  };
  const { packets } = s;
  atMost(["protocols"], total(Object.values(s.protocols)) + s.malformed, packets, "packets");
  atMost(["tcpFlags"], total(Object.values(s.tcpFlags)), s.protocols.tcp, "protocols.tcp");
  atMost(["sizeHistogram"], total(s.sizeHistogram), packets, "packets");
  atMost(["ttlHistogram"], total(s.ttlHistogram.map((b) => b.packets)), packets, "packets");
  atMost(["topSources"], total(s.topSources.map((x) => x.packets)), packets, "packets");
  s.topSources.forEach((x, i) => {
    atMost(["topSources", i, "bytes"], x.bytes, s.bytes, "bytes");
  });
  for (const list of ["topSourcePorts", "topDestinationPorts"] as const)
    atMost([list], total(s[list].map((p) => p.packets)), packets, "packets");
  s.signatures.forEach((x, i) => {
    atMost(["signatures", i, "packets"], x.packets, packets, "packets");
  });
  // Every source sent a packet; a sketch may overshoot a little.
  const sourcesCap = s.distinctSourcesExact ? packets : packets * 1.05 + 100;
  atMost(["distinctSources"], s.distinctSources, Math.floor(sourcesCap), "what the packets allow");
  atMost(["bogonSources"], s.bogonSources, Math.floor(s.distinctSources * 1.05 + 100), "distinctSources");
  atMost(["bogonPackets"], s.bogonPackets, packets, "packets");
  atMost(["trackedSources"], s.trackedSources, packets, "packets");
  atMost(["sourcesWithVaryingTtl"], s.sourcesWithVaryingTtl, s.trackedSources, "trackedSources");
  atMost(["fragments"], s.fragments, packets, "packets");
  atMost(["unmatchedFragments"], s.unmatchedFragments ?? 0, s.fragments, "fragments");
  if (s.protocolSources)
    for (const key of Object.keys(s.protocols) as (keyof typeof s.protocols)[])
      atMost(["protocolSources", key], s.protocolSources[key], s.protocols[key], `protocols.${key}`);
  if (s.ownTraffic) {
    const { packets: own, rst, synAck, icmp, other } = s.ownTraffic;
    atMost(["ownTraffic"], rst + synAck + icmp + other, own, "ownTraffic.packets");
  }
});

export type CaptureSummary = z.infer<typeof summaryShape>;
