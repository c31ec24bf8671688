import type { IncomingMessage, ServerResponse } from "node:http";
import type { Redis } from "ioredis";
import { CALLBACK_PREFIX, serveAlertCallback } from "../alerts/inbound/callback.route.ts";
import { RateLimitedError } from "../errors.ts";
import { serveEvidence } from "../evidence/download.ts";
import type { EngineHealth } from "../observability/engine-health.ts";
import type { Metrics } from "../observability/metrics.ts";
import type { AppServices } from "../services.ts";
import { knownRateKey } from "./caller.ts";
import { connectionClosed } from "./client-gone.ts";
import { serveHealth, serveMetrics } from "./ops.routes.ts";
import { originAllowed } from "./request-policy.ts";
import { headerOf, sendError } from "./respond.ts";
import { bodyLimitOf, bodyProblem, isMultipart, multipartGate } from "./upload-gate.ts";

export interface RouterParts {
  services: AppServices;
  redis: Redis | undefined;
  engineHealth: EngineHealth;
  metrics: Metrics;
  /** Everything else: GraphQL (yoga), including multipart uploads (captures, logos). */
  graphql(req: IncomingMessage, res: ServerResponse): unknown;
}

/**
 * The HTTP routes in front of GraphQL: /healthz, /metrics, evidence downloads, providers' alert
 * callbacks (/hooks/alerts/…), then the upload gate and body limits that apply before yoga reads
 * a byte.
 */
export function createRouter(parts: RouterParts) {
  const { services, metrics } = parts;
  return async function route(req: IncomingMessage, res: ServerResponse): Promise<unknown> {
    const path = (req.url ?? "/").split("?")[0];
    if (path === "/healthz") return serveHealth(res, { ...parts, database: services.database });
    if (path === "/metrics") return serveMetrics(res, metrics);
    if (path?.startsWith("/evidence/") && (req.method === "GET" || req.method === "HEAD"))
      return serveEvidence(services, req, res);
    if (path?.startsWith(CALLBACK_PREFIX) && req.method === "POST") {
      // Counted by status: a run of 401s is someone guessing, or a provider with a stale secret.
      res.once("finish", () => metrics.http.inc({ route: "/hooks/alerts", status: String(res.statusCode) }));
      return serveAlertCallback(services, req, res);
    }
    const route = path === "/graphql" ? "/graphql" : "other";
    res.once("finish", () => metrics.http.inc({ route, status: String(res.statusCode) }));
    if (route === "/graphql" && req.method !== "OPTIONS" && (await refuseRateLimited(services, req, res)))
      return;
    const gate =
      isMultipart(req) && req.method === "POST"
        ? await multipartGate(services, req)
        : { limit: bodyLimitOf(services.config, false) };
    const refused = "refusal" in gate ? gate.refusal : bodyProblem(req, gate.limit);
    if (refused) return sendError(res, refused.status, refused.code, refused.message);
    return parts.graphql(req, res);
  };
}

/**
 * A caller already refused (auth/rate-limiter.ts remembers refusals for a second) is answered
 * 429 here, before its body is read or parsed and before GraphQL runs: a flood past the limit
 * costs a header look-up per request, not a request's worth of work (and is held: rate-limiter.ts
 * `hold`). The same limiter, key and
 * answer as the GraphQL path (`admit`), which still decides everything this does not know.
 */
async function refuseRateLimited(
  services: AppServices,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<boolean> {
  const headers = { get: (name: string) => headerOf(req, name) };
  const key = knownRateKey(headers, req, services.config.trustProxy, services.keyCache);
  const limiter = services.rateLimits.requests;
  if (key === undefined || !limiter.refusing(key)) return false;
  // Past the caller's held places it waits in the caller's line, until its client goes away.
  const gone = new AbortController();
  res.once("close", () => gone.abort());
  await limiter.hold(key, AbortSignal.any([gone.signal, connectionClosed(req.socket)]));
  const retryAfterSeconds = limiter.refusing(key)?.retryAfterSeconds ?? 1;
  const { message, code } = new RateLimitedError(retryAfterSeconds);
  const head: Record<string, string> = {
    "content-type": "application/json; charset=utf-8",
    "retry-after": String(retryAfterSeconds),
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
    "x-frame-options": "DENY",
  };
  const origin = headers.get("origin");
  if (origin && originAllowed(origin, headers.get("host"), services.config.allowedOrigins)) {
    head["access-control-allow-origin"] = origin;
    head["access-control-allow-credentials"] = "true";
    head.vary = "Origin";
  }
  res.writeHead(429, head);
  res.end(
    JSON.stringify({
      errors: [
        {
          message,
          extensions: { code, retryAfterSeconds },
        },
      ],
    }),
  );
  return true;
}
