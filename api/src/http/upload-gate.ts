import type { IncomingMessage } from "node:http";
import type { AppServices } from "../services.ts";
import { resolveCaller } from "./caller.ts";
import { headerOf } from "./respond.ts";

export interface Refusal {
  status: number;
  code: string;
  message: string;
}

export const isMultipart = (req: IncomingMessage) =>
  req.headers["content-type"]?.startsWith("multipart/form-data") ?? false;

/** The body limit of a request: capture uploads (multipart) may be as large as EVIDENCE_MAX_BYTES. */
export function bodyLimitOf(config: AppServices["config"], multipart: boolean): number {
  return multipart ? Math.max(config.maxBodyBytes, config.evidence.maxBytes + 65_536) : config.maxBodyBytes;
}

/**
 * Capture uploads (GraphQL multipart requests) are large, and only a valid agent key may send
 * one: refused before the body is read. The same caller path as every GraphQL request; only the
 * bearer key counts (no cookie).
 */
export async function multipartRefusal(
  services: AppServices,
  req: IncomingMessage,
): Promise<Refusal | undefined> {
  const agentOnly = { get: (name: string) => (name === "cookie" ? null : headerOf(req, name)) };
  const { database, config, keyCache } = services;
  const caller = await resolveCaller(database.prisma, agentOnly, req, config.trustProxy, keyCache).catch(
    () => null,
  );
  if (caller?.principal.kind === "agent") return undefined;
  // A valid key of another kind is refused as any wrong kind of credential is (auth/credential-kind.ts).
  if (caller && caller.principal.kind !== "anonymous")
    return {
      status: 403,
      code: "FORBIDDEN",
      message: "Multipart uploads need an agent key; other keys cannot send them",
    };
  return { status: 401, code: "UNAUTHENTICATED", message: "Multipart uploads need an agent key" };
}

/** POST bodies must announce their length, within the limit, before any of it is read. */
export function bodyProblem(req: IncomingMessage, max: number): Refusal | undefined {
  if (req.method !== "POST") return undefined;
  const length = req.headers["content-length"];
  if (length === undefined)
    return { status: 411, code: "LENGTH_REQUIRED", message: "POST requests must send Content-Length" };
  if (Number(length) > max) {
    return {
      status: 413,
      code: "PAYLOAD_TOO_LARGE",
      message: `Request body is ${length} bytes; the limit is ${max}`,
    };
  }
  return undefined;
}
