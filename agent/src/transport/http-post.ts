import { Agent as HttpAgent, request as httpRequest } from "node:http";
import { Agent as HttpsAgent, request as httpsRequest } from "node:https";

export interface HttpReply {
  status: number;
  contentType: string;
  retryAfter: string | undefined;
  /** The server's clock (HTTP Date header), when it sent one. */
  date?: string | undefined;
  text: string;
}

/** Thrown when no HTTP answer came back (refused, reset, DNS, timeout); `code` says which. */
export class HttpUnreachable extends Error {
  constructor(readonly code: string) {
    super(code);
  }
}

// Keep-alive connections, reused from sample to sample (node:http is much lighter than fetch).
const agents = {
  "http:": new HttpAgent({ keepAlive: true, maxSockets: 4 }),
  "https:": new HttpsAgent({ keepAlive: true, maxSockets: 4 }),
};

/** POSTs `body` and reads the whole answer; rejects with HttpUnreachable when there is none. */
export function httpPost(
  url: URL,
  headers: Record<string, string>,
  body: string,
  timeoutMs: number,
): Promise<HttpReply> {
  const https = url.protocol === "https:";
  return new Promise((resolve, reject) => {
    const request = (https ? httpsRequest : httpRequest)(
      url,
      {
        method: "POST",
        agent: agents[https ? "https:" : "http:"],
        headers: { ...headers, "content-length": Buffer.byteLength(body) },
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on("data", (chunk: Buffer) => chunks.push(chunk));
        response.on("error", (error) =>
          reject(new HttpUnreachable((error as NodeJS.ErrnoException).code ?? error.message)),
        );
        response.on("end", () =>
          resolve({
            status: response.statusCode ?? 0,
            contentType: response.headers["content-type"] ?? "no content type",
            retryAfter: response.headers["retry-after"],
            date: response.headers.date,
            text: Buffer.concat(chunks).toString("utf8"),
          }),
        );
      },
    );
    request.setTimeout(timeoutMs, () =>
      request.destroy(new HttpUnreachable(`no answer within ${timeoutMs} ms`)),
    );
    request.on("error", (error) =>
      reject(
        error instanceof HttpUnreachable
          ? error
          : new HttpUnreachable((error as NodeJS.ErrnoException).code ?? error.message),
      ),
    );
    request.end(body);
  });
}
