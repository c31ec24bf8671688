import { lookup } from "node:dns/promises";
import { BlockList, isIP, type LookupFunction } from "node:net";

/**
 * Server-side request forgery guard for channel URLs. A channel may not point at loopback,
 * private, link-local (cloud metadata at 169.254.169.254 / fd00:ec2::254), CGNAT, multicast or
 * unspecified addresses unless the operator allows private targets. Checked when a channel is
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
  ["192.168.0.0", 16],
  ["198.18.0.0", 15],
  ["224.0.0.0", 4],
  ["240.0.0.0", 4],
] as const)
  blocked.addSubnet(net, prefix, "ipv4");
for (const [net, prefix] of [
  ["::", 128],
  ["::1", 128],
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
    const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)?.[1];
    if (mapped) return blocked.check(mapped, "ipv4");
    return blocked.check(address, "ipv6");
  }
  return blocked.check(address, "ipv4");
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
  if (allowPrivate) return undefined;
  const host = hostOf(url);
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
