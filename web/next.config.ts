// The browser only ever talks to this web origin: `/graphql` is a route handler (src/app/graphql/route.ts)
// that proxies each request to `${LEVEE_API_URL}/graphql` (default http://localhost:4000), so requests are
// same-origin with no CORS, and the API's HTTP-only `levee_session` cookie (SameSite=Lax) is set on — and
// sent back from — the web origin. Server components skip the proxy and call the API directly
// (src/lib/graphql/server-fetch.ts). Both read LEVEE_API_URL per request, so it is set when running
// `next start` (or `next dev`), not baked in by `next build`.
import { fileURLToPath } from "node:url";
import type { NextConfig } from "next";
import { RESET_PAGE_HEADERS, STATIC_SECURITY_HEADERS } from "./src/lib/security/headers";

// The monorepo root (one level above web/): one lockfile, and the themes/ directory lives there.
const repoRoot = fileURLToPath(new URL("..", import.meta.url));

const nextConfig: NextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  outputFileTracingRoot: repoRoot,
  turbopack: { root: repoRoot },
  // @levee/shared is TypeScript source (the slug rules the API checks too).
  transpilePackages: ["@levee/shared"],
  // `next build` type-checks the app again (~9 s of a 25 s build). .ci/run has checked it already, beside
  // lint (tsc -p web/tsconfig.json, after `next typegen` wrote the route types the build's pass
  // checks), and sets LEVEE_BUILD_SKIP_TYPECHECK=1 for its build: only that second pass is skipped.
  // Without the variable (`npm run build`) the build type-checks as before.
  typescript: { ignoreBuildErrors: process.env.LEVEE_BUILD_SKIP_TYPECHECK === "1" },
  // The CSP (per-request nonce) comes from src/proxy.ts; these hold for every response.
  // Of two rules setting one header, the later wins: the reset page's Referrer-Policy.
  headers: async () => [
    { source: "/:path*", headers: [...STATIC_SECURITY_HEADERS] },
    { source: "/reset-password", headers: [...RESET_PAGE_HEADERS] },
  ],
};

export default nextConfig;
