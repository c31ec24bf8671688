import { lookup } from "node:dns/promises";
import { BlockList, isIP, type LookupFunction } from "node:net";
import { formatIp, parseIp } from "@levee/shared/cidr";

/**
 * Server-side request forgery guard for channel URLs. A channel may not point at loopback,
 * private, link-local (cloud metadata at 169.254.169.254 / fd00:ec2::254), CGNAT, benchmarking,
 * documentation, multicast or unspecified addresses unless the operator allows private targets;
 * an IPv6 address that carries an IPv4 one (mapped, NAT64, 6to4) is judged by that IPv4 address. Checked when a channel is
 * saved (every address the name resolves to) and again at send time on the address actually
 * connected to, so a name re-pointed after saving (DNS rebinding) is still refused.
 */
const blocked = new BlockList();
for (const [net, prefix] of [
  ["0.0.0.0", 8],
  ["10.0.0.0", 8],
  ["100.64.0.0", 10],
  ["127.0.0.0", 8],
  ["169.254.0.0", 16],
  ["172.16.0.0", 12],
  ["192.0.0.0", 24],
  ["192.0.2.0", 24],
  ["192.88.99.0", 24],
  ["192.168.0.0", 16],
  ["198.18.0.0", 15],
  ["198.51.100.0", 24],
  ["203.0.113.0", 24],
  ["224.0.0.0", 4],
  ["240.0.0.0", 4],
] as const)
  blocked.addSubnet(net, prefix, "ipv4");
for (const [net, prefix] of [
  // IPv4-compatible (deprecated) addresses and the unspecified and loopback ones.
  ["::", 96],
  ["::1", 128],
  ["64:ff9b:1::", 48], // local-use NAT64: the network's own translator
  ["100::", 64], // discard-only
  ["2001::", 32], // Teredo: the IPv4 address inside is obfuscated
  ["2001:2::", 48], // benchmarking
  ["2001:db8::", 32], // documentation
  ["3fff::", 20], // documentation (RFC 9637)
  ["fec0::", 10], // site-local (deprecated, still routed inside some networks)
  ["fc00::", 7],
  ["fe80::", 10],
  ["ff00::", 8],
] as const)
  blocked.addSubnet(net, prefix, "ipv6");

/** True for addresses a channel may not reach without ALERTS_ALLOW_PRIVATE_TARGETS. */
export function isPrivateAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 0) return true; // not an address at all: refuse rather than guess
  if (family === 6) {
    const inside = embeddedIPv4(address);
    if (inside) return blocked.check(inside, "ipv4");
    return blocked.check(address, "ipv6");
  }
  return blocked.check(address, "ipv4");
}

const MAPPED = 0xffffn << 32n; // ::ffff:0:0/96
const TRANSLATED = 0xffff0000n << 32n; // ::ffff:0:0:0/96, SIIT's IPv4-translated addresses
const NAT64 = 0x64ff9bn << 96n; // 64:ff9b::/96, the well-known translation prefix
const SIX_TO_FOUR = 0x2002n; // 2002::/16

/**
 * The IPv4 address an IPv6 one stands for: IPv4-mapped (`::ffff:a.b.c.d`), SIIT-translated
 * (`::ffff:0:a.b.c.d`), NAT64 through the well-known prefix (`64:ff9b::a.b.c.d`: a DNS64 network
 * reaches `a.b.c.d` so) and 6to4 (`2002:AABB:CCDD::`). Without this, `64:ff9b::7f00:1` reached 127.0.0.1 through a translator.
 */
function embeddedIPv4(address: string): string | undefined {
  const ip = parseIp(address);
  if (ip?.version !== 6) return undefined;
  const low32 = ip.value & 0xffffffffn;
  const high96 = ip.value >> 32n;
  if (high96 === MAPPED >> 32n || high96 === TRANSLATED >> 32n || high96 === NAT64 >> 32n)
    return formatIp(low32, 4);
  if (ip.value >> 112n === SIX_TO_FOUR) return formatIp((ip.value >> 80n) & 0xffffffffn, 4);
  return undefined;
}

export class TargetRefusedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "TargetRefusedError";
  }
}

const hostOf = (url: URL) => url.hostname.replace(/^\[|\]$/g, "");

/**
 * Parses and checks a channel URL when it is saved; returns a problem sentence or undefined.
 * http:// is accepted only where private targets are allowed (a lab or test receiver).
 */
export async function checkTargetUrl(value: string, allowPrivate: boolean): Promise<string | undefined> {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return "is not a valid URL";
  }
  if (url.protocol !== "https:" && !(allowPrivate && url.protocol === "http:"))
    return "must be an https:// URL";
  if (url.username || url.password) return "must not carry a user name or password";
  return checkTargetHost(hostOf(url), allowPrivate);
}

/** A host name or address checked as checkTargetUrl checks a URL's (every address it resolves to). */
export async function checkTargetHost(host: string, allowPrivate: boolean): Promise<string | undefined> {
  if (allowPrivate) return undefined;
  const addresses = isIP(host)
    ? [host]
    : await lookup(host, { all: true, verbatim: true }).then(
        (found) => found.map((a) => a.address),
        () => [] as string[],
      );
  if (addresses.length === 0) return `host "${host}" does not resolve`;
  const refused = addresses.find(isPrivateAddress);
  if (refused) return `resolves to ${refused}, a loopback, private, link-local or metadata address`;
  return undefined;
}

/**
 * The address to connect to for a host, resolved now and judged as guardedLookup judges it: for
 * clients that take an address rather than a lookup function (the SMTP client), so a name
 * re-pointed after it was saved is still refused.
 */
export function resolveAllowed(host: string, allowPrivate: boolean): Promise<string> {
  return new Promise((resolve, reject) =>
    guardedLookup(allowPrivate)(host, {}, (error, address) =>
      error ? reject(error) : resolve(String(address)),
    ),
  );
}

/** A dns.lookup for http.request that refuses private addresses at connect time (rebinding). */
export function guardedLookup(allowPrivate: boolean): LookupFunction {
  return (hostname, options, callback) => {
    lookup(hostname, { all: true, family: options.family as number | undefined, verbatim: true }).then(
      (found) => {
        const usable = allowPrivate ? found : found.filter((a) => !isPrivateAddress(a.address));
        const first = usable[0];
        if (!first) {
          const error = new TargetRefusedError(
            found.length === 0
              ? `host "${hostname}" does not resolve`
              : `host "${hostname}" resolves to ${found[0]?.address}, which alert channels may not reach`,
          );
          return callback(error as NodeJS.ErrnoException, "", 4);
        }
        if (options.all) return (callback as (e: null, a: typeof usable) => void)(null, usable);
        callback(null, first.address, first.family);
      },
      (error) => callback(error, "", 4),
    );
  };
}

/** Literal-IP URLs skip lookup entirely, so they are checked here before connecting. */
export function assertLiteralAllowed(url: URL, allowPrivate: boolean): void {
  const host = hostOf(url);
  if (!allowPrivate && isIP(host) && isPrivateAddress(host))
    throw new TargetRefusedError(`${host} is a loopback, private, link-local or metadata address`);
}
