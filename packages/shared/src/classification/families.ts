/** Attack families the classifier names (null, outside this list, means no attack). */
export const ATTACK_FAMILIES = [
  "UDP_FLOOD",
  "SYN_FLOOD",
  "ACK_FLOOD",
  "RST_FLOOD",
  "TCP_FLAG_FLOOD",
  "ICMP_FLOOD",
  "DNS_AMPLIFICATION",
  "NTP_AMPLIFICATION",
  "MEMCACHED_AMPLIFICATION",
  "SSDP_AMPLIFICATION",
  "REFLECTION_OTHER",
  "GRE_FLOOD",
  "IP_PROTOCOL_FLOOD",
  "HTTP_FLOOD",
  "MULTI_VECTOR",
] as const;
export type AttackFamily = (typeof ATTACK_FAMILIES)[number];
/** A family one vector can have (MULTI_VECTOR only names a set of vectors). */
export type VectorFamily = Exclude<AttackFamily, "MULTI_VECTOR">;

export const FAMILY_LABELS: Record<AttackFamily, string> = {
  UDP_FLOOD: "UDP flood",
  SYN_FLOOD: "SYN flood",
  ACK_FLOOD: "ACK flood",
  RST_FLOOD: "RST flood",
  TCP_FLAG_FLOOD: "TCP flag flood",
  ICMP_FLOOD: "ICMP flood",
  DNS_AMPLIFICATION: "DNS amplification",
  NTP_AMPLIFICATION: "NTP amplification",
  MEMCACHED_AMPLIFICATION: "memcached amplification",
  SSDP_AMPLIFICATION: "SSDP amplification",
  REFLECTION_OTHER: "UDP reflection",
  GRE_FLOOD: "GRE flood",
  IP_PROTOCOL_FLOOD: "IP protocol flood",
  HTTP_FLOOD: "HTTP flood",
  MULTI_VECTOR: "multi-vector attack",
};

/** Families whose sources are reflectors: real servers answering requests forged with the victim's address. */
export const REFLECTION_FAMILIES: ReadonlySet<AttackFamily> = new Set([
  "DNS_AMPLIFICATION",
  "NTP_AMPLIFICATION",
  "MEMCACHED_AMPLIFICATION",
  "SSDP_AMPLIFICATION",
  "REFLECTION_OTHER",
]);

/**
 * UDP source ports of services abused as reflectors, beyond the four with their own family
 * (DNS 53, NTP 123, SSDP 1900, memcached 11211).
 */
export const REFLECTION_PORTS: ReadonlyMap<number, string> = new Map([
  [17, "QOTD"],
  [19, "chargen"],
  [69, "TFTP"],
  [111, "portmap"],
  [137, "NetBIOS"],
  [161, "SNMP"],
  [389, "CLDAP"],
  [427, "SLP"],
  [500, "ISAKMP"],
  [520, "RIP"],
  [623, "IPMI"],
  [1194, "OpenVPN"],
  [1434, "MS SQL browser"],
  [3283, "Apple Remote Desktop"],
  [3478, "STUN"],
  [3702, "WS-Discovery"],
  [4500, "IPsec NAT-T / ISAKMP"],
  [5060, "SIP"],
  [5351, "NAT-PMP"],
  [5353, "mDNS"],
  [5683, "CoAP"],
  [10001, "Ubiquiti discovery"],
  [10074, "TP240 PhoneHome"],
  [27015, "Steam"],
  [32414, "Plex"],
  [33848, "Jenkins"],
  [37810, "DVR discovery"],
  [47808, "BACnet"],
]);
