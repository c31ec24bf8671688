// One valid parameter set per action type: documentation for integrators, and the inputs the
// unit tests (injection, rendering) and the namespace suite (apply/undo every type) start from.
// Addresses are documentation space (RFC 5737 / 3849) so nothing real is ever named.
export function exampleParams(device = "eth0"): Record<string, Record<string, unknown>> {
  const rate = { perSecond: 1000, burst: 100 };
  return {
    NFT_DROP_SOURCES: { sources: ["192.0.2.10", "198.51.100.7", "2001:db8::7"] },
    NFT_DROP_PREFIXES: { prefixes: ["198.51.100.0/24", "2001:db8:1::/48"] },
    NFT_DROP_PROTOCOL: { protocol: "gre" },
    NFT_DROP_SOURCE_PORTS: { protocol: "udp", ports: [19, 53, 123, 389, 1900, 11211] },
    NFT_DROP_DESTINATION_PORTS: { protocol: "udp", ports: [9999] },
    NFT_RATELIMIT_PROTOCOL: { protocol: "udp", rate, dport: 53 },
    NFT_RATELIMIT_SOURCE_PORTS: { protocol: "udp", ports: [53], rate },
    NFT_HASHLIMIT_PER_SOURCE: { family: "both", rate, protocol: "tcp", dport: 443 },
    NFT_CONNLIMIT_PER_SOURCE: { family: "ipv4", maxConnections: 100, dport: 443 },
    NFT_SYN_RATELIMIT: { rate, dport: 443 },
    NFT_SYNPROXY: { ports: [80, 443], mss: 1460, wscale: 7 },
    NFT_DROP_FRAGMENTS: { family: "both" },
    NFT_DROP_LENGTH: { min: 1200, max: 1500, protocol: "udp" },
    NFT_DROP_GEO_SET: { countries: ["ZZ"], prefixes: ["203.0.113.0/24", "2001:db8:2::/48"] },
    NFT_DROP_BOGONS: { family: "both", includePrivate: false },
    NFT_DROP_INVALID_TCP_FLAGS: {},
    NFT_RATELIMIT_ICMP: { rate },
    NETDEV_DROP_SOURCES: { device, sources: ["192.0.2.10", "203.0.113.0/24"] },
    NETDEV_DROP_SOURCE_PORTS: { device, protocol: "udp", ports: [53, 123] },
    NETDEV_RATELIMIT_PROTOCOL: { device, protocol: "icmp", rate },
    IPT_DROP_SOURCES: { sources: ["192.0.2.10", "198.51.100.0/24"] },
    IPT_DROP_SOURCE_PORTS: { family: "ipv4", protocol: "udp", ports: [53, 123, 11211] },
    IPT_HASHLIMIT_PER_SOURCE: { family: "ipv4", rate, protocol: "udp", dport: 53 },
    IPT_CONNLIMIT: { family: "ipv4", maxConnections: 50, dport: 80 },
    IPT_SYN_RATELIMIT: { family: "ipv4", rate, dport: 80 },
    IPT_SYNPROXY: { family: "ipv4", ports: [80], mss: 1460, wscale: 7 },
    IPT_DROP_FRAGMENTS: { family: "ipv4" },
    IPT_DROP_LENGTH: { family: "ipv4", min: 1400, max: 1500, protocol: "udp" },
    IPSET_DROP_SOURCES: { sources: ["192.0.2.10", "198.51.100.0/24", "203.0.113.64/26"] },
    TC_POLICE_SOURCE: { device, source: "192.0.2.0/24", rateBitsPerSecond: 1_000_000, burstBytes: 64_000 },
    TC_POLICE_PROTOCOL: {
      device,
      family: "ipv4",
      protocol: "udp",
      rateBitsPerSecond: 10_000_000,
      burstBytes: 64_000,
    },
    BLACKHOLE_ROUTE: { prefix: "198.51.100.0/24" },
    SYSCTL_SET: { key: "net.ipv4.tcp_syncookies", value: 2 },
  };
}
