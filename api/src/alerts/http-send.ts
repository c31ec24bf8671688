import { type ClientRequest, Agent as HttpAgent, request as httpRequest } from "node:http";
import { Agent as HttpsAgent, request as httpsRequest } from "node:https";
import { assertLiteralAllowed, guardedLookup, TargetRefusedError } from "./target-guard.ts";

/** What a channel hands the sender: one HTTP request to a provider. */
export interface HttpCall {
  url: string;
  method?: "POST" | "PUT" | "PATCH";
  headers?: Record<string, string>;
  /** JSON-serialised unless already a string (form bodies). */
  body: unknown;
}

export interface HttpOptions {
  timeoutMs: number;
  allowPrivate: boolean;
}

/** A receiver's answer, or why there was none. `retryAfter` is the raw header. */
export type SendResult =
  | { kind: "response"; status: number; retryAfter: string | undefined; body: string }
  | { kind: "timeout"; message: string }
  | { kind: "refused"; message: string }
  | { kind: "network"; message: string };

/**
 * Keep-alive pools, one per protocol and guard setting: a connection opened while private
 * targets were allowed is never reused once they are not.
 */
const pools = new Map<string, HttpAgent>();
/**
 * How long an idle pooled connection is kept: below the 5 s after which Node, Apache and others
 * close an idle keep-alive connection. Reusing one that the server was closing at that moment
 * failed the request with ECONNRESET (CI saw it: an attempt that should have timed out).
 */
const FREE_SOCKET_MS = 4_000;
function poolFor(protocol: string, allowPrivate: boolean): HttpAgent {
  const key = `${protocol}${allowPrivate}`;
  let pool = pools.get(key);
  if (!pool) {
    // An idle connection is closed after FREE_SOCKET_MS, or sooner when the server announces a
    // shorter keep-alive (Node lowers the agent's timeout to the hint only when one is set).
    const options = { keepAlive: true, timeout: FREE_SOCKET_MS };
    pool = protocol === "https:" ? new HttpsAgent(options) : new HttpAgent(options);
    pools.set(key, pool);
  }
  return pool;
}

/**
 * One request with a hard deadline (connect + response), through node:http so the address
 * actually connected to passes the private-range guard (DNS rebinding). Bodies read are capped.
 */
export function sendHttp(call: HttpCall, options: HttpOptions): Promise<SendResult> {
  return new Promise((resolve) => {
    let url: URL;
    try {
      url = new URL(call.url);
      assertLiteralAllowed(url, options.allowPrivate);
    } catch (error) {
      return resolve({ kind: "refused", message: (error as Error).message });
    }
    const body = typeof call.body === "string" ? call.body : JSON.stringify(call.body);
    const headers = {
      "content-type": "application/json",
      "user-agent": "Levee-Alerts/1",
      ...call.headers,
      "content-length": String(Buffer.byteLength(body)),
    };
    let current = send(url, call, headers, options, false);
    let timedOut = false;
    const deadline = setTimeout(() => {
      timedOut = true;
      current.destroy();
      resolve({ kind: "timeout", message: `no answer within ${options.timeoutMs} ms` });
    }, options.timeoutMs);
    const handle = (request: ClientRequest, retry: boolean) => {
      current = request;
      // The agent re-arms a reused socket's timeout only when it differs from its own (an idle
      // socket's may have been lowered to the server's keep-alive hint): set here, always.
      request.setTimeout(options.timeoutMs);
      let answered = false;
      request.on("response", (response) => {
        answered = true;
        const chunks: Buffer[] = [];
        let size = 0;
        response.on("data", (chunk: Buffer) => {
          size += chunk.length;
          if (size <= 4096) chunks.push(chunk);
        });
        response.on("end", () => {
          clearTimeout(deadline);
          const retryAfter = response.headers["retry-after"];
          resolve({
            kind: "response",
            status: response.statusCode ?? 0,
            retryAfter: Array.isArray(retryAfter) ? retryAfter[0] : retryAfter,
            body: Buffer.concat(chunks).toString("utf8").slice(0, 2000),
          });
        });
        // Cut off mid-answer (the connection reset or closed): a network failure now, not a
        // timeout at the deadline.
        response.on("error", (error) => {
          clearTimeout(deadline);
          resolve({ kind: "network", message: error.message });
        });
      });
      request.on("timeout", () => request.destroy(new Error("timeout")));
      request.on("error", (error) => {
        // A pooled connection the server closed as it was reused, before any answer: Node's
        // documented case for sending again. Once, on a connection of its own, within the same
        // deadline. A receiver that did read it gets it twice, as from the retry that would
        // otherwise follow the failure (providers deduplicate by the incident's key).
        if (timedOut) return;
        // Not once an answer began: a reset after the headers is the receiver's, not the pool's.
        if (
          retry &&
          !answered &&
          request.reusedSocket &&
          (error as NodeJS.ErrnoException).code === "ECONNRESET"
        ) {
          handle(send(url, call, headers, options, true), false).end(body);
          return;
        }
        clearTimeout(deadline);
        if (error instanceof TargetRefusedError) resolve({ kind: "refused", message: error.message });
        else resolve({ kind: "network", message: error.message });
      });
      return request;
    };
    handle(current, true).end(body);
  });
}

/** The request on a pooled connection, or (`fresh`) on one of its own, closed after it. */
function send(
  url: URL,
  call: HttpCall,
  headers: Record<string, string>,
  options: HttpOptions,
  fresh: boolean,
) {
  return (url.protocol === "https:" ? httpsRequest : httpRequest)(url, {
    method: call.method ?? "POST",
    headers,
    lookup: guardedLookup(options.allowPrivate),
    agent: fresh ? false : poolFor(url.protocol, options.allowPrivate),
    timeout: options.timeoutMs,
  });
}
