// Source prefixes that never appear on the public Internet (RFC 6890 special-purpose space,
// documentation, multicast, reserved). Private space (RFC 1918, CGNAT, ULA) is separate: a
// node behind NAT or on a private network receives it legitimately. Link-local IPv6 stays
// out entirely: neighbour discovery runs on it.
export const BOGONS_V4 = [
  "0.0.0.0/8",
  "127.0.0.0/8",
  "169.254.0.0/16",
  "192.0.0.0/24",
  "192.0.2.0/24",
  "198.18.0.0/15",
  "198.51.100.0/24",
  "203.0.113.0/24",
  "224.0.0.0/4",
  "240.0.0.0/4",
];
export const PRIVATE_V4 = ["10.0.0.0/8", "100.64.0.0/10", "172.16.0.0/12", "192.168.0.0/16"];
export const BOGONS_V6 = [
  "::/128",
  "::1/128",
  "::ffff:0:0/96",
  "100::/64",
  "2001:db8::/32",
  "3ffe::/16",
  "ff00::/8",
];
export const PRIVATE_V6 = ["fc00::/7"];
