import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  apiUnreachableResponse,
  boundedBody,
  forwardedRequestHeaders,
  proxiedResponseHeaders,
  proxyBodyLimit,
  refusedRequest,
  upstreamGraphqlUrl,
} from "./proxy-request";

describe("upstreamGraphqlUrl", () => {
  it("targets LEVEE_API_URL/graphql, defaulting to localhost:4000", () => {
    assert.equal(upstreamGraphqlUrl("http://web.test/graphql", {}), "http://localhost:4000/graphql");
    assert.equal(
      upstreamGraphqlUrl("http://web.test/graphql", { LEVEE_API_URL: "https://api.example.com/" }),
      "https://api.example.com/graphql",
    );
  });

  it("keeps the query string of GET requests", () => {
    assert.equal(
      upstreamGraphqlUrl("http://web.test/graphql?query=%7Bme%7Bid%7D%7D", {
        LEVEE_API_URL: "http://api:4000",
      }),
      "http://api:4000/graphql?query=%7Bme%7Bid%7D%7D",
    );
  });

  it("reads process.env on every call, not once at import", () => {
    const saved = process.env.LEVEE_API_URL;
    try {
      process.env.LEVEE_API_URL = "http://first:1";
      assert.equal(upstreamGraphqlUrl("http://web.test/graphql"), "http://first:1/graphql");
      process.env.LEVEE_API_URL = "http://second:2";
      assert.equal(upstreamGraphqlUrl("http://web.test/graphql"), "http://second:2/graphql");
    } finally {
      if (saved === undefined) delete process.env.LEVEE_API_URL;
      else process.env.LEVEE_API_URL = saved;
    }
  });
});

describe("forwardedRequestHeaders", () => {
  it("passes content-type, accept, cookie, authorization, user-agent and the upload header only (never the client's X-Forwarded-For)", () => {
    const incoming = new Headers({
      "content-type": "application/json",
      accept: "application/graphql-response+json",
      cookie: "levee_session=abc; theme=dark",
      authorization: "Bearer lvk_123",
      "user-agent": "Mozilla/5.0",
      "x-levee-upload": "1",
      "x-forwarded-for": "203.0.113.7, 10.0.0.1",
      host: "web.test",
      connection: "keep-alive",
      "content-length": "42",
      "accept-encoding": "gzip",
      origin: "http://web.test",
    });
    assert.deepEqual(Object.fromEntries(forwardedRequestHeaders(incoming, {})), {
      accept: "application/graphql-response+json",
      authorization: "Bearer lvk_123",
      "content-type": "application/json",
      cookie: "levee_session=abc; theme=dark",
      "user-agent": "Mozilla/5.0",
      "x-levee-upload": "1",
    });
  });

  it("passes the address web/server.ts decided, only when server.ts runs", () => {
    const incoming = new Headers({ "x-forwarded-for": "6.6.6.6", "x-levee-client-address": "203.0.113.7" });
    const served = forwardedRequestHeaders(incoming, { LEVEE_WEB_CLIENT_ADDRESS_SET: "1" });
    assert.equal(served.get("x-forwarded-for"), "203.0.113.7");
    // A bare `next start`: the header is the client's own, never believed.
    assert.equal(forwardedRequestHeaders(incoming, {}).get("x-forwarded-for"), null);
  });

  it("leaves out headers the browser did not send, x-forwarded-for included", () => {
    const headers = forwardedRequestHeaders(new Headers({ "content-type": "application/json" }), {});
    assert.deepEqual([...headers.keys()], ["content-type"]);
  });
});

describe("refusedRequest (CSRF guard of the proxy)", () => {
  const request = (headers: Record<string, string>, method = "POST") =>
    new Request("http://web.test/graphql", { method, headers, body: method === "POST" ? "{}" : undefined });

  it("refuses cross-site form posts and foreign origins, allows the web app's own origin", async () => {
    const form = refusedRequest(
      request({ "content-type": "application/x-www-form-urlencoded", host: "web.test" }),
      {},
    );
    assert.equal(form?.status, 415);
    const text = refusedRequest(request({ "content-type": "text/plain", host: "web.test" }), {});
    assert.equal(text?.status, 415);
    const foreign = refusedRequest(
      request({ "content-type": "application/json", origin: "https://evil.example", host: "web.test" }),
      {},
    );
    assert.equal(foreign?.status, 403);
    assert.equal((await (foreign as Response).json()).errors[0].extensions.code, "FORBIDDEN_ORIGIN");
    const own = refusedRequest(
      request({ "content-type": "application/json", origin: "http://web.test", host: "web.test" }),
      {},
    );
    assert.equal(own, null);
    const listed = refusedRequest(
      request({ "content-type": "application/json", origin: "https://app.example", host: "web.test" }),
      { ALLOWED_ORIGINS: "https://app.example" },
    );
    assert.equal(listed, null);
  });
});

describe("proxiedResponseHeaders", () => {
  it("keeps content-type and every set-cookie, dropping the rest", () => {
    const upstream = new Headers({ "content-type": "application/graphql-response+json; charset=utf-8" });
    upstream.append(
      "set-cookie",
      "levee_session=tok; Path=/; HttpOnly; SameSite=Lax; Expires=Wed, 01 Jan 2031 00:00:00 GMT",
    );
    upstream.append("set-cookie", "other=1; Path=/");
    upstream.set("content-length", "99");
    upstream.set("content-encoding", "gzip");
    upstream.set("access-control-allow-origin", "*");
    const headers = proxiedResponseHeaders(upstream);
    assert.equal(headers.get("content-type"), "application/graphql-response+json; charset=utf-8");
    assert.deepEqual(headers.getSetCookie(), [
      "levee_session=tok; Path=/; HttpOnly; SameSite=Lax; Expires=Wed, 01 Jan 2031 00:00:00 GMT",
      "other=1; Path=/",
    ]);
    assert.deepEqual([...new Set(headers.keys())].sort(), ["content-type", "set-cookie"]);
  });
});

describe("apiUnreachableResponse", () => {
  it("is a 502 with a GraphQL-shaped error naming the endpoint without its query string", async () => {
    const response = apiUnreachableResponse("http://127.0.0.1:4999/graphql?query=%7Bme%7Bid%7D%7D");
    assert.equal(response.status, 502);
    assert.match(response.headers.get("content-type") ?? "", /^application\/json/);
    assert.deepEqual(await response.json(), {
      errors: [
        {
          message: "API unreachable at http://127.0.0.1:4999/graphql",
          extensions: { code: "API_UNREACHABLE" },
        },
      ],
    });
  });
});

describe("boundedBody", () => {
  const streamOf = (chunks: number[]) =>
    new ReadableStream<Uint8Array>({
      start(controller) {
        for (const size of chunks) controller.enqueue(new Uint8Array(size).fill(97));
        controller.close();
      },
    });
  const post = (body: ReadableStream<Uint8Array> | string, headers: Record<string, string> = {}) =>
    new Request("http://web.test/graphql", { method: "POST", body, headers, duplex: "half" } as RequestInit);

  it("reads a body within the limit whole", async () => {
    const body = await boundedBody(post('{"query":"{me{id}}"}'), 100);
    assert.ok(body instanceof ArrayBuffer);
    assert.equal(new TextDecoder().decode(body), '{"query":"{me{id}}"}');
  });

  it("refuses a declared Content-Length past the limit before reading a byte", async () => {
    let pulled = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled++;
        controller.enqueue(new Uint8Array(10));
      },
    });
    const answer = await boundedBody(post(body, { "content-length": "1000" }), 100);
    assert.ok(answer instanceof Response);
    assert.equal(answer.status, 413);
    assert.equal((await answer.json()).errors[0].extensions.code, "PAYLOAD_TOO_LARGE");
    assert.ok(pulled <= 1, `read ${pulled} chunks`);
  });

  it("stops reading a body without a length once it grows past the limit", async () => {
    let pulled = 0;
    const endless = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled++;
        controller.enqueue(new Uint8Array(64));
      },
    });
    const answer = await boundedBody(post(endless), 1000);
    assert.ok(answer instanceof Response);
    assert.equal(answer.status, 413);
    assert.ok(pulled < 40, `read ${pulled} chunks of an endless body`);
    assert.ok((await boundedBody(post(streamOf([500, 500])), 1000)) instanceof ArrayBuffer);
  });

  it("takes the API's MAX_BODY_BYTES, 4 MiB by default", () => {
    assert.equal(proxyBodyLimit({}), 4 * 1024 * 1024);
    assert.equal(proxyBodyLimit({ MAX_BODY_BYTES: "1048576" }), 1048576);
    assert.equal(proxyBodyLimit({ MAX_BODY_BYTES: "junk" }), 4 * 1024 * 1024);
  });
});
