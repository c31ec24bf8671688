// Which tenant's look a request gets, decided from its Host and path (pure; src/proxy.ts applies it):
// - on the deployment's own hosts, /w/<slug>… is that workspace (signed-in dashboard) and /s/<slug>… its
//   status page; anything else is the deployment default;
// - on a verified custom domain, every page is that workspace's: `/`, `/status.json`, `/feed.atom`, the
//   incidents' pages (`/incidents/<ref>`), a protected page's password form's `/access` and its
//   subscription form's `/subscribe`, and the subscription links (`/confirm`, `/unsubscribe`,
//   `/unsubscribe/one-click`) are its status page's
//   (rewritten, the address stays), and another workspace's `/s/<slug>` is a 404 there, so one
//   tenant's host never shows another tenant's page in its own look;
// - any other host gets a neutral 404 that names nobody.

import { slugPattern } from "@levee/shared/slug";

/** Request header carrying the decision to server components; the proxy always overwrites it. */
export const BRAND_HEADER = "x-levee-brand";

export type BrandKey =
  | { kind: "default" }
  | { kind: "workspace"; slug: string }
  | { kind: "status"; slug: string }
  | { kind: "host"; host: string };

/** `Host` header → lower-case host name without port ("[::1]:3000" → "[::1]"). */
export function hostnameOf(hostHeader: string | null | undefined): string {
  const host = (hostHeader ?? "").trim().toLowerCase();
  if (host.startsWith("[")) return host.slice(0, host.indexOf("]") + 1);
  return host.replace(/:\d+$/, "").replace(/\.$/, "");
}

/**
 * The host a visitor asked for, as the proxy, a page or a route handler sees it: X-Forwarded-Host, which
 * web/server.ts writes on every request (the Host header, or a proxy's value when that proxy is listed
 * in WEB_TRUST_PROXY; never a browser's), then Host (a server started otherwise, e.g. `next start`).
 */
export function visibleHost(get: (name: string) => string | null): string {
  return get("x-forwarded-host") ?? get("host") ?? "";
}

/**
 * The deployment's own host names: loopback, and those of ALLOWED_ORIGINS, PUBLIC_WEB_URL and LEVEE_HOSTS
 * (extra names, comma-separated) — the same list the API refuses as custom domains.
 */
export function ownHosts(env: Readonly<Record<string, string | undefined>> = process.env): Set<string> {
  const hosts = new Set(["localhost", "127.0.0.1", "[::1]"]);
  const urls = [...(env.ALLOWED_ORIGINS ?? "").split(","), env.PUBLIC_WEB_URL ?? ""];
  for (const url of urls.map((u) => u.trim()).filter(Boolean)) {
    try {
      hosts.add(new URL(url).hostname.toLowerCase());
    } catch {}
  }
  for (const host of (env.LEVEE_HOSTS ?? "").split(",")) if (host.trim()) hosts.add(hostnameOf(host));
  return hosts;
}

/** On an own host: the tenant named by the path, if any. */
export function brandFromPath(pathname: string): BrandKey {
  const [, section, slug] = pathname.split("/");
  if ((section === "w" || section === "s") && slug && slugPattern.test(slug))
    return { kind: section === "w" ? "workspace" : "status", slug };
  return { kind: "default" };
}

export function encodeBrandKey(key: BrandKey): string {
  if (key.kind === "default") return "default";
  return `${key.kind}:${key.kind === "host" ? key.host : key.slug}`;
}

export function decodeBrandKey(value: string | null | undefined): BrandKey {
  const [kind, rest] = [value?.slice(0, value.indexOf(":")), value?.slice(value.indexOf(":") + 1)];
  if (!value || !rest || value.indexOf(":") < 0) return { kind: "default" };
  if (kind === "host") return { kind, host: rest };
  if ((kind === "workspace" || kind === "status") && slugPattern.test(rest)) return { kind, slug: rest };
  return { kind: "default" };
}

export type RouteDecision =
  | { action: "next"; brand: BrandKey }
  | { action: "rewrite"; brand: BrandKey; path: string }
  | { action: "not-found" };

/** The status page's own paths on a custom domain, relative to `/s/<slug>`. */
export const CUSTOM_DOMAIN_STATUS_PATHS: Readonly<Record<string, string>> = {
  "/": "",
  "/status.json": "/status.json",
  "/feed.atom": "/feed.atom",
  "/access": "/access",
  "/subscribe": "/subscribe",
  "/confirm": "/confirm",
  "/unsubscribe": "/unsubscribe",
  "/unsubscribe/one-click": "/unsubscribe/one-click",
};

/** An incident's page on a custom domain: `/incidents/<ref>` (the page answers 404 for a ref it does not list). */
const CUSTOM_DOMAIN_INCIDENT = /^\/incidents\/[^/]+$/;

/**
 * `domainSlug`: for a host that is not our own, the slug of the workspace it is a verified custom domain
 * of, or null. The status page's paths there are rewritten (the address bar keeps `/`).
 */
export function routeRequest(input: {
  host: string;
  pathname: string;
  own: ReadonlySet<string>;
  domainSlug: string | null;
}): RouteDecision {
  if (input.own.has(input.host)) return { action: "next", brand: brandFromPath(input.pathname) };
  if (!input.domainSlug) return { action: "not-found" };
  const brand: BrandKey = { kind: "host", host: input.host };
  const statusPath = CUSTOM_DOMAIN_STATUS_PATHS[input.pathname];
  if (statusPath !== undefined)
    return { action: "rewrite", brand, path: `/s/${input.domainSlug}${statusPath}` };
  if (CUSTOM_DOMAIN_INCIDENT.test(input.pathname))
    return { action: "rewrite", brand, path: `/s/${input.domainSlug}${input.pathname}` };
  const [, section, slug] = input.pathname.split("/");
  if (section === "s" && slug !== input.domainSlug) return { action: "not-found" };
  return { action: "next", brand };
}
