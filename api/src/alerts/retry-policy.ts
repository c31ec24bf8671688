/**
 * What to do after one delivery attempt. Timeouts, network errors, 5xx and 429 are retried
 * with exponential backoff (base × 2^(attempt-1), capped at 10 minutes); a Retry-After header
 * (seconds or an HTTP date), or a JSON answer's `retry_after` where a provider puts it there
 * instead (retryAfterInBody), replaces the computed delay when longer. Other 4xx and refused
 * targets are final: retrying would send the same rejected request again.
 */
export interface AttemptFailure {
  status?: number;
  retryAfter?: string;
  retryable: boolean;
}

export type AttemptVerdict = { outcome: "RETRY"; delayMs: number } | { outcome: "FAILED" };

const MAX_DELAY_MS = 600_000;

export function isRetryableStatus(status: number): boolean {
  return status === 429 || status === 408 || status >= 500;
}

/**
 * The wait a provider asks for in its JSON answer instead of a Retry-After header, in seconds as
 * Retry-After would say it: Telegram's `parameters.retry_after` (its 429s carry no header),
 * Discord's `retry_after` (seconds, fractional; rounded up). Undefined when there is none.
 */
export function retryAfterInBody(body: string): string | undefined {
  if (!body.startsWith("{")) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return undefined;
  }
  if (typeof parsed !== "object" || parsed === null) return undefined;
  const answer = parsed as { retry_after?: unknown; parameters?: { retry_after?: unknown } };
  const seconds = answer.parameters?.retry_after ?? answer.retry_after;
  return typeof seconds === "number" && Number.isFinite(seconds) && seconds >= 0
    ? String(Math.ceil(seconds))
    : undefined;
}

/** Retry-After as milliseconds from now; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | undefined, now: number): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

export function verdictAfter(
  failure: AttemptFailure,
  attempt: number,
  policy: { maxAttempts: number; baseMs: number },
  now: number,
): AttemptVerdict {
  if (!failure.retryable || attempt >= policy.maxAttempts) return { outcome: "FAILED" };
  const backoff = Math.min(MAX_DELAY_MS, policy.baseMs * 2 ** (attempt - 1));
  const asked = parseRetryAfter(failure.retryAfter, now);
  return { outcome: "RETRY", delayMs: Math.min(MAX_DELAY_MS, Math.max(backoff, asked ?? 0)) };
}
