// The public status page data for the page, status.json and the feed: fetched WITHOUT the visitor's
// cookies (the contract is public, so every visitor sees the same answer) and kept for CACHE_MS, so a
// crowd of visitors costs the API one query per slug per second. Concurrent misses share one fetch.
// A password-protected page is asked for with the visitor's proof (`access`, from the page's access
// cookie: lib/status/page-access.ts) or, by status.json and the feed, with its feed token (the feed
// link's `?token=`: lib/status/feed-link.ts), and kept per slug and proof or token; without one that
// opens it the answer is its lock (title only) and no page.
import type { PublicStatusPageQuery as Result } from "@/lib/graphql/generated/graphql";
import { PublicStatusPageQuery } from "@/lib/graphql/operations/status-page";
import { apiGraphqlUrl, postGraphQL } from "@/lib/graphql/request";

export type PublicStatusPage = NonNullable<Result["statusPage"]>;
/** A password-protected page's form: its slug and title, nothing else. */
export type StatusPageLock = NonNullable<Result["statusPageLock"]>;
/**
 * page: what the visitor may see; lock: the page asks for a password (and page is null without a proof);
 * limited: a feed token that opened nothing, past the unlock attempts' limit (RATE_LIMITED).
 */
export type StatusPageView = {
  page: PublicStatusPage | null;
  lock: StatusPageLock | null;
  limited?: boolean;
};
/** What opens a protected page: the access cookie's proof, or (status.json and the feed) its feed token. */
export type PageCredential = string | { feedToken: string } | undefined;

export const CACHE_MS = 1_000;
const MAX_ENTRIES = 1_000;
type Entry = { at: number; value: Promise<StatusPageView> };
// One map per process, not per bundle: Next compiles the page and the route handlers (status.json,
// feed.atom) into separate server bundles, each with its own copy of this module. With a map per copy,
// a page that had already gone private could still be served as JSON from the other copy's entry for up
// to CACHE_MS (CI saw the page answer 404 and status.json 200 a moment later), and a crowd cost one
// fetch per slug per bundle instead of one.
const shared = globalThis as { [key: symbol]: Map<string, Entry> | undefined };
const KEY = Symbol.for("levee.status-page-cache");
const entries: Map<string, Entry> = shared[KEY] ?? new Map();
shared[KEY] = entries;

async function fetchPage(
  slug: string,
  forwardedFor: string | undefined,
  credential: PageCredential,
): Promise<StatusPageView> {
  const { data, errors } = await postGraphQL(
    apiGraphqlUrl(),
    PublicStatusPageQuery,
    typeof credential === "object" ? { slug, feedToken: credential.feedToken } : { slug, access: credential },
    { cache: "no-store", timeoutMs: 5_000, forwardedFor },
  );
  if (errors.some((e) => e.extensions?.code === "BAD_USER_INPUT")) return { page: null, lock: null };
  if (errors.some((e) => e.extensions?.code === "RATE_LIMITED"))
    return { page: null, lock: data?.statusPageLock ?? null, limited: true };
  if (errors.length > 0) throw new Error(errors.map((e) => e.message).join("; "));
  return { page: data?.statusPage ?? null, lock: data?.statusPageLock ?? null };
}

/**
 * page null and lock null: no such public page (unknown, disabled or private alike); lock set: the page
 * asks for a password (page is set too when the proof or feed token opened it). Throws when the API fails.
 * `visitor`: the address of the visitor whose request misses the cache; the API rate-limits the
 * fetch as that visitor's (visitorAddress in lib/http/client-address.ts).
 */
export function loadStatusPage(
  slug: string,
  visitor?: string,
  credential?: PageCredential,
  now = Date.now(),
): Promise<StatusPageView> {
  const key =
    typeof credential === "object"
      ? `${slug}|token:${credential.feedToken}`
      : credential
        ? `${slug}|${credential}`
        : slug;
  const hit = entries.get(key);
  if (hit && now - hit.at < CACHE_MS) return hit.value;
  if (entries.size >= MAX_ENTRIES) entries.clear();
  const value = fetchPage(slug, visitor, credential);
  entries.set(key, { at: now, value });
  // A failure is not cached: the next request asks again.
  value.catch(() => entries.get(key)?.value === value && entries.delete(key));
  return value;
}
