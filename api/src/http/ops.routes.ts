import type { ServerResponse } from "node:http";
import type { Redis } from "ioredis";
import type { Database } from "../db/database.ts";
import type { EngineHealth } from "../observability/engine-health.ts";
import { checkHealth } from "../observability/health.ts";
import type { Metrics } from "../observability/metrics.ts";
import { sendJson } from "./respond.ts";

/** GET /healthz: 200, or 503 with the reasons (database, Redis, telemetry writes, exhausted jobs). */
export async function serveHealth(
  res: ServerResponse,
  parts: { database: Database; redis: Redis | undefined; engineHealth: EngineHealth },
) {
  const { status, body } = await checkHealth(parts.database, parts.redis, parts.engineHealth);
  sendJson(res, status, body);
}

/** GET /metrics: Prometheus text. */
export async function serveMetrics(res: ServerResponse, metrics: Metrics) {
  res.writeHead(200, { "content-type": metrics.registry.contentType });
  res.end(await metrics.text());
}
