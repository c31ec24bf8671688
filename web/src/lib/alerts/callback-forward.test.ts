import assert from "node:assert/strict";
import { test } from "node:test";
import { callbackUpstreamUrl, forwardedCallbackHeaders } from "./callback-forward";

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
