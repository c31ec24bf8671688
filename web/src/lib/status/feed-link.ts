// A password-protected status page's feed link: its status.json and Atom feed with `?token=<feed
// token>` (api/src/status-pages/feed-token.ts), for feed readers, which cannot enter a password. The
// token is a secret: the routes pass it to the API in a POST body (never in a URL of their own), no
// server log of ours records a request's query, and their answers are `private, no-store`.

/** 32 random bytes, base64url, as the API makes them: anything else is no token (and asks nothing). */
const TOKEN = /^[A-Za-z0-9_-]{43}$/;

/** The feed token of a request to status.json or the feed, when it carries a well-formed one. */
export function feedTokenOf(url: string): string | undefined {
  const token = new URL(url, "http://web").searchParams.get("token");
  return token && TOKEN.test(token) ? token : undefined;
}

/** The page's status.json and feed links with the token, under `base` (the page's own address). */
export function feedLinks(base: string, token: string): { json: string; atom: string } {
  const at = (file: string) => `${base.replace(/\/$/, "")}/${file}?token=${encodeURIComponent(token)}`;
  return { json: at("status.json"), atom: at("feed.atom") };
}
