// Security headers of the web app. The CSP carries a fresh nonce per request (src/proxy.ts sets
// it on the request too, and Next adds it to every script it renders): no inline script runs
// unless Levee rendered it, nothing loads from another origin, and no page can be framed.
// Pure (no next/*) so node:test checks it.

/** Headers on every response (next.config.ts). */
export const STATIC_SECURITY_HEADERS: ReadonlyArray<{ key: string; value: string }> = [
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
  { key: "X-Frame-Options", value: "DENY" },
  { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=(), payment=()" },
  { key: "Cross-Origin-Opener-Policy", value: "same-origin" },
  { key: "Strict-Transport-Security", value: "max-age=31536000; includeSubDomains" },
];

/**
 * The reset page's address holds a token (until used, the key to an account): it sends no Referer
 * at all, not even to this origin's own assets and API, whose proxies and CDNs may log it.
 * Set as an HTTP header, it holds from the first request the page makes (a <meta> can come late).
 */
export const RESET_PAGE_HEADERS: ReadonlyArray<{ key: string; value: string }> = [
  { key: "Referrer-Policy", value: "no-referrer" },
];

/**
 * script-src: the nonce, and 'strict-dynamic' so scripts Next loads from those carry trust
 * ('self' for browsers without it). Styles: Next and the theme set inline style attributes,
 * which a nonce cannot cover, so style-src keeps 'unsafe-inline' (styles cannot run code).
 * `next dev` needs eval for fast refresh.
 */
export function contentSecurityPolicy(nonce: string, dev = false): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    // https: for theme and workspace logos hosted elsewhere (images cannot run code).
    "img-src 'self' data: blob: https:",
    "font-src 'self' data:",
    `connect-src 'self'${dev ? " ws: wss:" : ""}`,
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}
