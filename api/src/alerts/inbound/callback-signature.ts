import { createHash, createHmac, timingSafeEqual } from "node:crypto";

/** Slack refuses to act on requests older than this, and so do we (a captured request replayed later). */
export const SLACK_MAX_AGE_SECONDS = 5 * 60;

const hmacHex = (secret: string, data: Buffer | string) => createHmac("sha256", secret).update(data).digest();

/** Constant-time comparison of a hex digest the caller sent with the one we computed. */
function hexMatches(sentHex: string, expected: Buffer): boolean {
  if (!/^[0-9a-f]+$/i.test(sentHex)) return false;
  const sent = Buffer.from(sentHex, "hex");
  return sent.length === expected.length && timingSafeEqual(sent, expected);
}

/**
 * PagerDuty Webhooks v3: `X-PagerDuty-Signature: v1=<hex HMAC-SHA256 of the raw body>`, possibly
 * several comma-separated (while PagerDuty rotates a subscription's secret); one match is enough.
 */
export function pagerDutySignatureValid(rawBody: Buffer, header: string | null, secret: string): boolean {
  if (!header) return false;
  const expected = hmacHex(secret, rawBody);
  return header
    .split(",")
    .map((part) => part.trim())
    .some((part) => part.startsWith("v1=") && hexMatches(part.slice(3), expected));
}

/**
 * PagerDuty retries a delivery for about 20 minutes (5 tries, exponential backoff) and holds the
 * subscription's later events behind it, each keeping its `occurred_at`: events older than this are
 * refused (a captured callback replayed later), a window that still lets every retry through.
 */
export const PAGERDUTY_MAX_AGE_SECONDS = 30 * 60;
/** Clocks disagree: an event up to this far in our future is still taken (as Slack's window allows). */
const PAGERDUTY_MAX_AHEAD_SECONDS = 5 * 60;

export type PagerDutyCheck = { ok: true } | { ok: false; reason: "signature" | "stale" | "undated" };

/**
 * The v1 signature, then the signed body's `event.occurred_at` (ISO 8601; every v3 event carries
 * it): refused when over PAGERDUTY_MAX_AGE_SECONDS old or over 5 minutes ahead of `nowMs`, and
 * `undated` when there is none to judge. Checked after the signature, so an unsigned caller learns
 * nothing about our clock.
 */
export function checkPagerDutyEvent(
  rawBody: Buffer,
  header: string | null,
  secret: string,
  nowMs: number,
): PagerDutyCheck {
  if (!pagerDutySignatureValid(rawBody, header, secret)) return { ok: false, reason: "signature" };
  const occurredAt = occurredAtOf(rawBody);
  if (occurredAt === undefined) return { ok: false, reason: "undated" };
  const ageSeconds = (nowMs - occurredAt) / 1000;
  if (ageSeconds > PAGERDUTY_MAX_AGE_SECONDS || ageSeconds < -PAGERDUTY_MAX_AHEAD_SECONDS)
    return { ok: false, reason: "stale" };
  return { ok: true };
}

/** `event.occurred_at` in epoch milliseconds, or undefined when absent or not a date. */
function occurredAtOf(rawBody: Buffer): number | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(rawBody.toString("utf8"));
  } catch {
    return undefined;
  }
  const value = (parsed as { event?: { occurred_at?: unknown } } | null)?.event?.occurred_at;
  if (typeof value !== "string" || !/^\d{4}-\d{2}-\d{2}T/.test(value)) return undefined;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? undefined : ms;
}

export type SlackCheck = { ok: true } | { ok: false; reason: "signature" | "stale" };

/**
 * Slack request signing: `X-Slack-Signature: v0=<hex HMAC-SHA256 of "v0:<timestamp>:<raw body>">`
 * with `X-Slack-Request-Timestamp` in Unix seconds, refused when more than 5 minutes away from
 * `nowSeconds` (either way: a clock ahead of ours signs nothing we should keep for later).
 */
export function checkSlackSignature(
  rawBody: Buffer,
  timestampHeader: string | null,
  signatureHeader: string | null,
  secret: string,
  nowSeconds: number,
): SlackCheck {
  if (!timestampHeader || !/^\d{1,12}$/.test(timestampHeader) || !signatureHeader?.startsWith("v0="))
    return { ok: false, reason: "signature" };
  const expected = hmacHex(secret, Buffer.concat([Buffer.from(`v0:${timestampHeader}:`), rawBody]));
  if (!hexMatches(signatureHeader.slice(3), expected)) return { ok: false, reason: "signature" };
  // Checked after the signature, so an unsigned caller learns nothing about our clock.
  if (Math.abs(nowSeconds - Number(timestampHeader)) > SLACK_MAX_AGE_SECONDS)
    return { ok: false, reason: "stale" };
  return { ok: true };
}

/**
 * OpsGenie's outgoing webhooks are not signed: the channel's callback secret rides in the URL
 * (`?token=`). Compared as SHA-256 digests so neither the length nor a prefix leaks through timing.
 */
export function callbackTokenMatches(sent: string | null, secret: string): boolean {
  if (!sent) return false;
  const digest = (value: string) => createHash("sha256").update(value).digest();
  return timingSafeEqual(digest(sent), digest(secret));
}
