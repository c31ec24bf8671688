import { setTimeout as sleep } from "node:timers/promises";
import { SpeakerError } from "../speakers/speaker.ts";

export interface HttpRequest {
  method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  url: string;
  headers: Record<string, string>;
  body?: string;
}

export interface RetryPolicy {
  attempts: number;
  /** First back-off; doubled each retry. A Retry-After header (capped at 30 s) wins. */
  backoffMs: number;
  timeoutMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { attempts: 3, backoffMs: 500, timeoutMs: 10_000 };

const SECRET_HEADERS =
  /^(authorization|x-auth-key|x-ovh-consumer|x-ovh-signature|x-ovh-application|x-levee-signature)$/i;

/** The request as the audit chain keeps it: everything but credentials and signatures. */
export function redacted(request: HttpRequest): Record<string, unknown> {
  const headers = Object.fromEntries(
    Object.entries(request.headers).map(([k, v]) => {
      if (!SECRET_HEADERS.test(k)) return [k, v];
      const scheme = /^(Bearer|Basic) /.exec(v)?.[1];
      return [k, scheme ? `${scheme} [redacted]` : "[redacted]"];
    }),
  );
  return {
    method: request.method,
    url: request.url,
    headers,
    ...(request.body !== undefined && { body: request.body }),
  };
}

/**
 * One provider call with retries on network errors, 429 and 5xx (other 4xx are the request's
 * fault and fail at once). `sign` runs before every attempt, for schemes that sign a timestamp.
 */
export async function httpCall(
  provider: string,
  build: () => HttpRequest | Promise<HttpRequest>,
  retry: RetryPolicy,
  describeError: (status: number, body: string) => string,
): Promise<{ status: number; body: string; request: Record<string, unknown> }> {
  let last = "";
  let request: HttpRequest | undefined;
  for (let attempt = 1; attempt <= retry.attempts; attempt++) {
    request = await build();
    let wait = retry.backoffMs * 2 ** (attempt - 1);
    try {
      const response = await fetch(request.url, {
        method: request.method,
        headers: request.headers,
        body: request.body,
        signal: AbortSignal.timeout(retry.timeoutMs),
      });
      const body = await response.text();
      if (response.ok) return { status: response.status, body, request: redacted(request) };
      last = `${response.status}: ${describeError(response.status, body)}`;
      if (response.status !== 429 && response.status < 500)
        throw new SpeakerError(provider, `refused the request (${last})`, redacted(request));
      const after = Number(response.headers.get("retry-after"));
      if (Number.isFinite(after) && after >= 0 && response.headers.has("retry-after"))
        wait = Math.min(after * 1000, 30_000);
    } catch (error) {
      if (error instanceof SpeakerError) throw error;
      last =
        (error as Error).name === "TimeoutError" ? "timed out" : `unreachable (${(error as Error).message})`;
    }
    if (attempt < retry.attempts) await sleep(wait);
  }
  throw new SpeakerError(
    provider,
    `failed after ${retry.attempts} attempts (last: ${last})`,
    request && redacted(request),
  );
}

// biome-ignore lint/suspicious/noExplicitAny: provider error bodies are untyped JSON
export function jsonField(body: string, pick: (json: any) => unknown): string {
  try {
    const value = pick(JSON.parse(body));
    return typeof value === "string" && value ? value : body.slice(0, 200);
  } catch {
    return body.slice(0, 200);
  }
}
