import type { IncomingMessage, ServerResponse } from "node:http";
import type { Logger } from "../logging/logger.ts";

export function sendJson(res: ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { "content-type": "application/json; charset=utf-8" });
  res.end(JSON.stringify(body));
}

/** A GraphQL-shaped error body, so clients read route refusals the way they read resolver errors. */
export function sendError(res: ServerResponse, status: number, code: string, message: string) {
  sendJson(res, status, { errors: [{ message, extensions: { code } }] });
}

export function fail(res: ServerResponse, logger: Logger, error: unknown) {
  logger.error({ err: error }, "request failed");
  if (!res.headersSent) sendError(res, 500, "INTERNAL", "Internal server error");
  else res.end();
}

export function headerOf(req: IncomingMessage, name: string): string | null {
  const value = req.headers[name];
  return Array.isArray(value) ? (value[0] ?? null) : (value ?? null);
}
