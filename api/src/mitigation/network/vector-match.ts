import type { AttackFamily } from "@levee/shared/classification/families";
import type { FlowMatch, PortRange, TcpFlag } from "./intent.ts";

const port = (p: number): PortRange => ({ from: p, to: p });
const REFLECTOR_PORTS: Partial<Record<AttackFamily, number>> = {
  DNS_AMPLIFICATION: 53,
  NTP_AMPLIFICATION: 123,
  MEMCACHED_AMPLIFICATION: 11211,
  SSDP_AMPLIFICATION: 1900,
};
const TCP_FLOODS: Partial<Record<AttackFamily, TcpFlag[]>> = {
  SYN_FLOOD: ["SYN"],
  ACK_FLOOD: ["ACK"],
  RST_FLOOD: ["RST"],
};

export interface VectorHint {
  family: AttackFamily | null;
  /** Dominant IP protocol (IP_PROTOCOL_FLOOD) or reflector source port (REFLECTION_OTHER). */
  protocol?: number;
  sourcePort?: number;
}

/**
 * The FlowSpec match for the classified vector toward one target: as narrow as the
 * classification allows, so legitimate traffic to the target keeps flowing. Without a
 * family (or a multi-vector attack) only the destination is matched.
 */
export function matchForVector(destination: string, hint: VectorHint): FlowMatch {
  const v6 = destination.includes(":");
  const { family } = hint;
  if (!family || family === "MULTI_VECTOR") return { destination };
  const reflector = REFLECTOR_PORTS[family] ?? (family === "REFLECTION_OTHER" ? hint.sourcePort : undefined);
  if (reflector !== undefined) return { destination, protocols: [17], sourcePorts: [port(reflector)] };
  if (family === "REFLECTION_OTHER" || family === "UDP_FLOOD") return { destination, protocols: [17] };
  const flags = TCP_FLOODS[family];
  if (flags) return { destination, protocols: [6], tcpFlags: flags };
  if (family === "TCP_FLAG_FLOOD") return { destination, protocols: [6] };
  if (family === "HTTP_FLOOD")
    return { destination, protocols: [6], destinationPorts: [port(80), port(443)] };
  if (family === "ICMP_FLOOD") return { destination, protocols: [v6 ? 58 : 1] };
  if (family === "GRE_FLOOD") return { destination, protocols: [47] };
  if (family === "IP_PROTOCOL_FLOOD" && hint.protocol !== undefined)
    return { destination, protocols: [hint.protocol] };
  return { destination };
}
