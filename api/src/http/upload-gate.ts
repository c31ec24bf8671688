import type { IncomingMessage } from "node:http";
import { LOGO_MAX_BYTES } from "../branding/logo.service.ts";
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

/** The header a browser's upload must carry with its session cookie: no HTML form can send it. */
export const UPLOAD_CSRF_HEADER = "x-levee-upload";

/** The body limit of a request that is not multipart, or of one the gate has not placed. */
export function bodyLimitOf(config: AppServices["config"], multipart: boolean): number {
  return multipart ? Math.max(config.maxBodyBytes, config.evidence.maxBytes + 65_536) : config.maxBodyBytes;
}

/**
 * GraphQL multipart requests are refused before their body is read unless the caller may send one,
 * and each kind of caller gets its own body limit: an agent key its captures (EVIDENCE_MAX_BYTES, the
 * agent's `uploadIncidentCapture`); a signed-in user a logo (`uploadWorkspaceLogo`,
 * branding/logo.service.ts). API keys are refused (no integration scope changes a workspace's look). A session cookie counts only beside the UPLOAD_CSRF_HEADER, which a
 * cross-site form cannot send (and a cross-site script only after a CORS preflight the API refuses
 * to foreign origins). The same caller path as every GraphQL request.
 */
export async function multipartGate(
  services: AppServices,
  req: IncomingMessage,
): Promise<{ refusal: Refusal } | { limit: number }> {
  const headers = { get: (name: string) => headerOf(req, name) };
  const { database, config, keyCache } = services;
  const caller = await resolveCaller(database.prisma, headers, req, config.trustProxy, keyCache).catch(
    () => null,
  );
  const logoLimit = LOGO_MAX_BYTES + 65_536;
  switch (caller?.principal.kind) {
    case "agent":
      return { limit: bodyLimitOf(config, true) };
    case "integration":
      // No integration scope may change a workspace's look: refused as any wrong kind of credential is.
      return {
        refusal: {
          status: 403,
          code: "FORBIDDEN",
          message: "Multipart uploads need an agent key or a signed-in user; API keys cannot send them",
        },
      };
    case "user":
      if (headers.get(UPLOAD_CSRF_HEADER) === "1") return { limit: logoLimit };
      return {
        refusal: {
          status: 403,
          code: "FORBIDDEN",
          message: `Uploads with a session cookie must send the header ${UPLOAD_CSRF_HEADER}: 1`,
        },
      };
    default:
      return {
        refusal: {
          status: 401,
          code: "UNAUTHENTICATED",
          message: "Multipart uploads need a signed-in user or an agent key",
        },
      };
  }
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
