import type { IncomingMessage, ServerResponse } from "node:http";
import type { Redis } from "ioredis";
import { serveEvidence } from "../evidence/download.ts";
import type { EngineHealth } from "../observability/engine-health.ts";
import type { Metrics } from "../observability/metrics.ts";
import type { AppServices } from "../services.ts";
import { serveHealth, serveMetrics } from "./ops.routes.ts";
import { sendError } from "./respond.ts";
import { bodyLimitOf, bodyProblem, isMultipart, multipartRefusal } from "./upload-gate.ts";

export interface RouterParts {
  services: AppServices;
  redis: Redis | undefined;
  engineHealth: EngineHealth;
  metrics: Metrics;
  /** Everything else: GraphQL (yoga), including multipart capture uploads. */
  graphql(req: IncomingMessage, res: ServerResponse): unknown;
}

/**
 * The HTTP routes in front of GraphQL: /healthz, /metrics, evidence downloads, then the upload
 * gate and body limits that apply before yoga reads a byte.
 */
export function createRouter(parts: RouterParts) {
  const { services, metrics } = parts;
  return async function route(req: IncomingMessage, res: ServerResponse): Promise<unknown> {
    const path = (req.url ?? "/").split("?")[0];
    if (path === "/healthz") return serveHealth(res, { ...parts, database: services.database });
    if (path === "/metrics") return serveMetrics(res, metrics);
    if (path?.startsWith("/evidence/") && (req.method === "GET" || req.method === "HEAD"))
      return serveEvidence(services, req, res);
    const route = path === "/graphql" ? "/graphql" : "other";
    res.once("finish", () => metrics.http.inc({ route, status: String(res.statusCode) }));
    const multipart = isMultipart(req);
    const refused =
      (multipart && req.method === "POST" ? await multipartRefusal(services, req) : undefined) ??
      bodyProblem(req, bodyLimitOf(services.config, multipart));
    if (refused) return sendError(res, refused.status, refused.code, refused.message);
    return parts.graphql(req, res);
  };
}
