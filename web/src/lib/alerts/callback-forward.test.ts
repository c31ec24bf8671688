import assert from "node:assert/strict";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { test } from "node:test";
import {
  boundedBody,
  callbackUpstreamUrl,
  forwardCallback,
  forwardedCallbackHeaders,
} from "./callback-forward";

const CHANNEL = "5f0c9a52-3b8e-4d0a-9a8b-0c1d2e3f4a5b";

test("a provider's callback goes to the API's /hooks/alerts route, query kept", () => {
  assert.equal(
    callbackUpstreamUrl("http://api:4000/", CHANNEL, "opsgenie", "?token=abc"),
    `http://api:4000/hooks/alerts/${CHANNEL}/opsgenie?token=abc`,
  );
  assert.equal(
    callbackUpstreamUrl("http://api:4000", CHANNEL, "slack", ""),
    `http://api:4000/hooks/alerts/${CHANNEL}/slack`,
  );
});

test("anything but a channel UUID and a known provider is not forwarded", () => {
  assert.equal(callbackUpstreamUrl("http://api:4000", "../graphql", "slack", ""), null);
  assert.equal(callbackUpstreamUrl("http://api:4000", CHANNEL, "teams", ""), null);
});

test("only the headers the API checks go along (no cookies)", () => {
  const headers = forwardedCallbackHeaders(
    new Headers({
      "content-type": "application/x-www-form-urlencoded",
      "x-slack-signature": "v0=ab",
      "x-slack-request-timestamp": "1",
      cookie: "levee_session=x",
      "x-forwarded-for": "203.0.113.9",
    }),
  );
  assert.deepEqual([...headers.keys()].sort(), [
    "content-type",
    "x-slack-request-timestamp",
    "x-slack-signature",
  ]);
});

test("the caller's address goes along as X-Forwarded-For only when web/server.ts wrote it", () => {
  const incoming = new Headers({
    "x-forwarded-for": "6.6.6.6",
    "x-levee-client-address": "198.51.100.7",
  });
  const set = { LEVEE_WEB_CLIENT_ADDRESS_SET: "1" };
  assert.equal(forwardedCallbackHeaders(incoming, set).get("x-forwarded-for"), "198.51.100.7");
  // A bare `next start` (no server.ts): the header is whatever the client sent, so nothing is passed.
  assert.equal(forwardedCallbackHeaders(incoming, {}).get("x-forwarded-for"), null);
  assert.equal(
    forwardedCallbackHeaders(new Headers({ "x-forwarded-for": "6.6.6.6" }), set).get("x-forwarded-for"),
    null,
  );
});

test("forwardCallback hands the raw body and signature headers to the API and its answer back", async () => {
  const seen: { url?: string; headers: import("node:http").IncomingHttpHeaders; body: string }[] = [];
  const api = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      seen.push({ url: req.url, headers: req.headers, body: Buffer.concat(chunks).toString() });
      res.writeHead(401, { "content-type": "application/json; charset=utf-8" });
      res.end('{"error":"bad X-Slack-Signature"}');
    });
  });
  await new Promise<void>((resolve) => api.listen(0, "127.0.0.1", resolve));
  try {
    const apiBase = `http://127.0.0.1:${(api.address() as AddressInfo).port}`;
    const body = "payload=%7B%22type%22%3A%22block_actions%22%7D";
    const request = new Request(`https://status.customer.example/hooks/alerts/${CHANNEL}/slack`, {
      method: "POST",
      headers: {
        "content-type": "application/x-www-form-urlencoded",
        "x-slack-signature": "v0=abc",
        "x-slack-request-timestamp": "1765000000",
        cookie: "levee_session=x",
      },
      body,
    });
    const response = await forwardCallback(request, apiBase, CHANNEL, "slack");
    assert.equal(response.status, 401);
    assert.deepEqual(await response.json(), { error: "bad X-Slack-Signature" });
    assert.equal(seen[0]?.url, `/hooks/alerts/${CHANNEL}/slack`);
    assert.equal(seen[0]?.body, body);
    assert.equal(seen[0]?.headers["x-slack-signature"], "v0=abc");
    assert.equal(seen[0]?.headers.cookie, undefined);
    const refused = await forwardCallback(
      new Request("https://x/hooks/alerts/x/slack", { method: "POST" }),
      apiBase,
      "x",
      "slack",
    );
    assert.equal(refused.status, 404);
    assert.equal(seen.length, 1, "nothing forwarded for a path that is no callback");
  } finally {
    api.close();
  }
});

test("a body over the limit is refused without being read to its end", async () => {
  const said = new Request("http://web.test/hooks", {
    method: "POST",
    body: "x",
    headers: { "content-length": "300000" },
  });
  assert.equal(await boundedBody(said, 256 * 1024), null);
  let pulled = 0;
  const endless = new ReadableStream<Uint8Array>({
    pull(controller) {
      pulled++;
      controller.enqueue(new Uint8Array(64 * 1024));
    },
  });
  const streamed = new Request("http://web.test/hooks", {
    method: "POST",
    body: endless,
    duplex: "half",
  } as RequestInit);
  assert.equal(await boundedBody(streamed, 256 * 1024), null);
  assert.ok(pulled <= 6, `read ${pulled} chunks of 64 KiB`);
  const small = new Request("http://web.test/hooks", { method: "POST", body: "payload=ok" });
  assert.equal(new TextDecoder().decode((await boundedBody(small, 256 * 1024)) ?? undefined), "payload=ok");
});
