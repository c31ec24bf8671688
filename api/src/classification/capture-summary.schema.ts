import { SIGNATURE_NAMES } from "@levee/shared/classification/capture-summary";
import { builder } from "../builder.ts";

/**
 * GraphQL input mirroring CaptureSummary field for field. Bounds are checked per sample by
 * captureSummarySchema in the ingest service (a bad summary rejects its sample, not the call).
 */
const PortProtocolEnum = builder.enumType("PortProtocol", { values: ["TCP", "UDP"] as const });
export const PayloadSignatureEnum = builder.enumType("PayloadSignature", {
  values: SIGNATURE_NAMES,
  description: "Payload patterns levee-agent recognises in captured packets",
});

const CaptureSourceInput = builder.inputType("CaptureSourceInput", {
  fields: (t) => ({
    ip: t.string(),
    packets: t.float(),
    bytes: t.float(),
    ttls: t.intList({ description: "Distinct TTL / hop-limit values seen from this source (≤ 8)" }),
  }),
});
const CapturePortInput = builder.inputType("CapturePortInput", {
  fields: (t) => ({ protocol: t.field({ type: PortProtocolEnum }), port: t.int(), packets: t.float() }),
});
const CaptureProtocolMixInput = builder.inputType("CaptureProtocolMixInput", {
  fields: (t) => ({ tcp: t.float(), udp: t.float(), icmp: t.float(), gre: t.float(), other: t.float() }),
});
const CaptureTcpFlagMixInput = builder.inputType("CaptureTcpFlagMixInput", {
  description: "TCP packets by flag pattern: SYN only, SYN+ACK, bare ACK, RST, FIN, PSH(+ACK), other",
  fields: (t) => ({
    syn: t.float(),
    synAck: t.float(),
    ack: t.float(),
    rst: t.float(),
    fin: t.float(),
    psh: t.float(),
    other: t.float(),
  }),
});
const CaptureTtlCountInput = builder.inputType("CaptureTtlCountInput", {
  fields: (t) => ({ ttl: t.int(), packets: t.float() }),
});
const CaptureSignatureInput = builder.inputType("CaptureSignatureInput", {
  fields: (t) => ({ name: t.field({ type: PayloadSignatureEnum }), packets: t.float() }),
});

const CaptureOwnTrafficInput = builder.inputType("CaptureOwnTrafficInput", {
  description: "Packets the node itself sent (its answers), left out of every other count",
  fields: (t) => ({
    packets: t.float(),
    rst: t.float(),
    synAck: t.float(),
    icmp: t.float(),
    other: t.float(),
    addresses: t.stringList({ description: "The node's interface addresses (≤ 16)" }),
  }),
});

export const CaptureSummaryInput = builder.inputType("CaptureSummaryInput", {
  description: "One second of captured packets as levee-agent's feature extractor summarises it",
  fields: (t) => ({
    seconds: t.float({
      required: false,
      description: "Seconds of traffic summarised: the agent's sample interval (default 1)",
    }),
    packets: t.float(),
    bytes: t.float(),
    distinctSources: t.float(),
    distinctSourcesExact: t.boolean({ description: "False once the count comes from a sketch" }),
    sourceSketch: t.string({
      required: false,
      description:
        "The sources as a mergeable sketch: x + base64 sorted uint32 hashes (≤ 1,024), or h + base64 of 4,096 HyperLogLog registers",
    }),
    topSources: t.field({ type: [CaptureSourceInput] }),
    topSourcePorts: t.field({ type: [CapturePortInput] }),
    topDestinationPorts: t.field({ type: [CapturePortInput] }),
    protocols: t.field({ type: CaptureProtocolMixInput }),
    protocolSources: t.field({
      type: CaptureProtocolMixInput,
      required: false,
      description: "Distinct sources per protocol (lower bounds once the extractor's table overflowed)",
    }),
    tcpFlags: t.field({ type: CaptureTcpFlagMixInput }),
    sizeHistogram: t.floatList({
      description: "Packets by size: <64, <128, <256, <512, <1024, <1500, ≥1500",
    }),
    ttlHistogram: t.field({ type: [CaptureTtlCountInput] }),
    trackedSources: t.float(),
    sourcesWithVaryingTtl: t.float(),
    bogonSources: t.float(),
    bogonPackets: t.float(),
    fragments: t.float(),
    unmatchedFragments: t.float({
      required: false,
      description: "Later fragments whose first fragment never arrived",
    }),
    malformed: t.float(),
    signatures: t.field({ type: [CaptureSignatureInput] }),
    ownTraffic: t.field({ type: CaptureOwnTrafficInput, required: false }),
  }),
});
