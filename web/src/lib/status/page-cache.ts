// A few-second cache of rendered status pages in front of Next (web/server.ts). A status page is the same
// for every visitor of one host and colour scheme, so a crowd costs one render per second per page.
// The page's CSP nonce must still differ per response: each hit gets a fresh nonce, swapped into the
// Content-Security-Policy header and every nonce attribute of the stored HTML (the old value is a
// random 48-character token, so the swap touches nothing else). Pure apart from the clock.
// Keyed by the host the visitor asked for, the one every part of the page is chosen by (visibleHost:
// X-Forwarded-Host, which web/server.ts sets on every request from Host or a trusted proxy's value, so a
// browser's own never reaches here): two tenants' hosts never share an entry, and `/` is a status page
// only on a host that is not our own (a custom domain; an unknown host's 404 is plain text, never stored).
// An incident's page (`/s/<slug>/incidents/<ref>`, `/incidents/<ref>` on a custom domain) is kept alike.
import { hostnameOf, visibleHost } from "../branding/host-routing";

export const PAGE_CACHE_MS = 1_000;
const MAX_ENTRIES = 500;
/** A status page or one of its incidents' pages, on the deployment's hosts. */
const STATUS_PAGE = /^\/s\/[a-z0-9-]{1,48}(?:\/incidents\/[0-9a-f]{16})?\/?$/;
/** The same on a custom domain (src/proxy.ts rewrites them to the paths above). */
const CUSTOM_DOMAIN_PAGE = /^\/(?:incidents\/[0-9a-f]{16})?$/;

export interface CachedPage {
  /**
   * Names this render among the entries (random, chosen when stored): every hit served from it says
   * so in X-Levee-Cache-Entry, so two responses can be told to come from one render or from two.
   */
  id: string;
  at: number;
  status: number;
  headers: Record<string, string>;
  body: string;
  nonce: string;
}

/** The cache key of a request, or null when the request is not a cacheable status page view. */
export function pageCacheKey(
  request: {
    method?: string | undefined;
    url?: string | undefined;
    headers: Record<string, string | string[] | undefined>;
  },
  /** The deployment's own hosts; without them `/` is never a status page. */
  ownHosts?: ReadonlySet<string>,
): string | null {
  if (request.method !== "GET" || !request.url) return null;
  const path = request.url.split("?")[0] ?? "";
  if (request.url.includes("?")) return null;
  const header = (name: string) => {
    const value = request.headers[name];
    return value === undefined ? null : String(value);
  };
  const host = visibleHost(header);
  const customPage =
    CUSTOM_DOMAIN_PAGE.test(path) && host !== "" && ownHosts !== undefined && !ownHosts.has(hostnameOf(host));
  if (!STATUS_PAGE.test(path) && !customPage) return null;
  // Only the colour-scheme cookie changes the page (a session cookie does not: the page is public),
  // and a password-protected page's access cookie: a visitor who carries one is never served from the
  // cache nor stored in it (what they see is theirs; everyone without it shares the password form).
  const cookie = String(request.headers.cookie ?? "");
  if (/(?:^|;\s*)status_access=/.test(cookie)) return null;
  const scheme = /(?:^|;\s*)levee_scheme=(light|dark|system)/.exec(cookie)?.[1] ?? "";
  const rsc = request.headers.rsc || request.headers["next-router-prefetch"] ? "rsc" : "html";
  return `${host}|${path}|${scheme}|${rsc}`;
}

/** Whether a rendered response may be stored: a page or the 404, no cookie set, not compressed. */
export function cacheable(status: number, headers: Record<string, string>): boolean {
  return (
    (status === 200 || status === 404) &&
    !headers["set-cookie"] &&
    !headers["content-encoding"] &&
    /text\/html/.test(headers["content-type"] ?? "")
  );
}

export function nonceOf(csp: string | undefined): string | null {
  return /'nonce-([A-Za-z0-9+/=]+)'/.exec(csp ?? "")?.[1] ?? null;
}

/**
 * The stored page's headers with a fresh nonce and the entry's id. A hit may be sent gzip-encoded or
 * not, so every hit varies on Accept-Encoding.
 */
function headersWithNonce(page: CachedPage, nonce: string): Record<string, string> {
  const headers: Record<string, string> = { ...page.headers, "x-levee-cache-entry": page.id };
  if (headers["content-security-policy"])
    headers["content-security-policy"] = headers["content-security-policy"].split(page.nonce).join(nonce);
  delete headers["content-length"];
  delete headers.date;
  const vary = headers.vary ?? "";
  if (!/(^|,)\s*accept-encoding\s*(,|$)/i.test(vary))
    headers.vary = vary ? `${vary}, Accept-Encoding` : "Accept-Encoding";
  return headers;
}

/** The stored page with a fresh nonce in its header and body. */
export function withNonce(
  page: CachedPage,
  nonce: string,
): { headers: Record<string, string>; body: string } {
  return { headers: headersWithNonce(page, nonce), body: page.body.split(page.nonce).join(nonce) };
}

/**
 * Fresh for PAGE_CACHE_MS; after that ONE request renders again while the others are served the page
 * they would have had a moment ago (up to STALE_MS), so expiry never sends a crowd into Next at once.
 */
export const STALE_MS = 60_000;

export class PageCache {
  private readonly entries = new Map<string, CachedPage>();
  private readonly rendering = new Set<string>();

  /** A page to serve, or undefined: the caller renders, then calls store() or abandon(). */
  lookup(key: string, now = Date.now()): CachedPage | undefined {
    const entry = this.entries.get(key);
    const age = entry ? now - entry.at : Number.POSITIVE_INFINITY;
    if (entry && age < PAGE_CACHE_MS) return entry;
    if (entry && age < STALE_MS && this.rendering.has(key)) return entry;
    this.rendering.add(key);
    return undefined;
  }

  store(key: string, page: CachedPage): void {
    this.rendering.delete(key);
    if (this.entries.size >= MAX_ENTRIES) this.entries.clear();
    this.entries.set(key, page);
  }

  abandon(key: string): void {
    this.rendering.delete(key);
  }
}
