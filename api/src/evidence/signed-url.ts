import { createHmac, timingSafeEqual } from "node:crypto";

/** Download links for captures: `/evidence/<id>.pcap?expires=<unix s>&sig=<hmac>`, valid 15 minutes. */
export const DOWNLOAD_TTL_SECONDS = 15 * 60;

function signature(captureId: string, expires: number, key: string): string {
  return createHmac("sha256", key).update(`capture:${captureId}:${expires}`).digest("base64url");
}

export function signedDownloadPath(captureId: string, key: string, now = Date.now()): string {
  const expires = Math.floor(now / 1000) + DOWNLOAD_TTL_SECONDS;
  return `/evidence/${captureId}.pcap?expires=${expires}&sig=${signature(captureId, expires, key)}`;
}

export type DownloadCheck =
  | { ok: true; captureId: string }
  | { ok: false; status: 403 | 404 | 410; reason: string };

/** Verifies a download request's path and query (constant-time comparison of the signature). */
export function checkDownload(url: URL, key: string, now = Date.now()): DownloadCheck {
  const match = url.pathname.match(/^\/evidence\/([0-9a-f-]{36})\.pcap$/);
  if (!match) return { ok: false, status: 404, reason: "no such capture" };
  const captureId = match[1] as string;
  const expires = Number(url.searchParams.get("expires"));
  const sig = url.searchParams.get("sig") ?? "";
  const expected = Buffer.from(signature(captureId, expires, key));
  const given = Buffer.from(sig);
  if (!Number.isInteger(expires) || given.length !== expected.length || !timingSafeEqual(given, expected))
    return { ok: false, status: 403, reason: "the link is not valid (altered or not signed by this server)" };
  if (expires * 1000 < now)
    return { ok: false, status: 410, reason: "the link has expired; ask for a new one" };
  return { ok: true, captureId };
}
