import type { AttackFamily } from "@/lib/graphql/generated/graphql";

/** Attack families as the schema names them, with the words people use. */
export const FAMILY_LABEL: Record<AttackFamily, string> = {
  ACK_FLOOD: "ACK flood",
  DNS_AMPLIFICATION: "DNS amplification",
  GRE_FLOOD: "GRE flood",
  HTTP_FLOOD: "HTTP flood",
  ICMP_FLOOD: "ICMP flood",
  IP_PROTOCOL_FLOOD: "IP protocol flood",
  MEMCACHED_AMPLIFICATION: "memcached amplification",
  MULTI_VECTOR: "Multi-vector attack",
  NTP_AMPLIFICATION: "NTP amplification",
  REFLECTION_OTHER: "UDP reflection",
  RST_FLOOD: "RST flood",
  SSDP_AMPLIFICATION: "SSDP amplification",
  SYN_FLOOD: "SYN flood",
  TCP_FLAG_FLOOD: "TCP flag flood",
  UDP_FLOOD: "UDP flood",
};

export function familyLabel(family: string | null | undefined): string {
  return family ? (FAMILY_LABEL[family as AttackFamily] ?? family) : "Unclassified";
}
