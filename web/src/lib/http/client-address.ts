// The address of the browser talking to the web app, decided once by web/server.ts (the only part that sees
// the socket) and handed to the /graphql proxy in a header it overwrites on every request, so the API's rate
// limits, sign-in throttle and audit log see each user's own address instead of the web server's.
// No next/* here: node:test runs it, and server.ts imports it before Next is loaded.

/** Set by web/server.ts on every request (any value the client sent is replaced or removed). */
export const CLIENT_ADDRESS_HEADER = "x-levee-client-address";
/** Set in the environment by web/server.ts: the header above was written by it, so it can be believed. */
export const CLIENT_ADDRESS_SET_BY_SERVER = "LEVEE_WEB_CLIENT_ADDRESS_SET";

/**
 * WEB_TRUST_PROXY: unset/`false` (nothing in front: the socket's peer is the client), `true` (any peer is
 * our proxy) or a comma list of the proxies' addresses. Anything else is refused at start.
 */
export function parseTrustProxy(value: string | undefined): boolean | string[] {
  const text = value?.trim() ?? "";
  if (text === "" || text === "false") return false;
  if (text === "true") return true;
  const list = text.split(",").map((entry) => entry.trim());
  const bad = list.filter((entry) => !/^[0-9a-fA-F:.]+$/.test(entry) || !/[.:]/.test(entry));
  if (bad.length > 0)
    throw new Error(`WEB_TRUST_PROXY must be true, false or a list of IP addresses; not ${bad.join(", ")}`);
  return list.map(normalise);
}

/**
 * The socket's peer, unless that peer is a trusted proxy: then the last X-Forwarded-For entry, the one our
 * proxy wrote (entries before it are whatever the client typed). One hop only, like the API's TRUST_PROXY.
 */
export function clientAddressOf(
  peer: string | undefined,
  forwardedFor: string | string[] | undefined,
  trust: boolean | readonly string[],
): string | undefined {
  const socketPeer = peer === undefined ? undefined : normalise(peer);
  if (isTrustedPeer(peer, trust)) {
    const header = Array.isArray(forwardedFor) ? forwardedFor.join(",") : forwardedFor;
    const last = header?.split(",").at(-1)?.trim();
    if (last) return normalise(last);
  }
  return socketPeer;
}

/** Whether the socket's peer is a proxy of ours (WEB_TRUST_PROXY), whose X-Forwarded-* headers may be believed. */
export function isTrustedPeer(peer: string | undefined, trust: boolean | readonly string[]): boolean {
  if (trust === true) return true;
  return Array.isArray(trust) && peer !== undefined && trust.includes(normalise(peer));
}

/**
 * The host the visitor asked for, which picks a page's tenant, look and links (web/server.ts writes it into
 * X-Forwarded-Host on every request, which Next and the pages read): a trusted proxy's X-Forwarded-Host
 * (its last entry, the one that proxy wrote), else the Host header. A browser's X-Forwarded-Host is never
 * believed, so it cannot dress the deployment's own host up as a tenant's custom domain.
 */
export function visitedHostOf(
  peer: string | undefined,
  forwardedHost: string | string[] | undefined,
  host: string | undefined,
  trust: boolean | readonly string[],
): string | undefined {
  if (isTrustedPeer(peer, trust)) {
    const header = Array.isArray(forwardedHost) ? forwardedHost.join(",") : forwardedHost;
    const last = header?.split(",").at(-1)?.trim();
    if (last) return last;
  }
  return host?.trim() || undefined;
}

/** IPv4 peers of a dual-stack socket arrive as ::ffff:a.b.c.d. */
function normalise(address: string): string {
  return address.startsWith("::ffff:") && address.includes(".") ? address.slice(7) : address;
}

/**
 * The visitor's address for a server-side call to the API on its behalf (a status page's data):
 * what web/server.ts wrote into CLIENT_ADDRESS_HEADER, only when it runs (a bare `next start`
 * passes none). Without it every such call counts against the web app's own address, so one
 * visitor flooding unknown slugs would get every tenant's status page rate-limited.
 */
export function visitorAddress(
  get: (name: string) => string | null,
  env: Readonly<Record<string, string | undefined>> = process.env,
): string | undefined {
  const address = get(CLIENT_ADDRESS_HEADER)?.trim();
  return env[CLIENT_ADDRESS_SET_BY_SERVER] === "1" && address ? address : undefined;
}
