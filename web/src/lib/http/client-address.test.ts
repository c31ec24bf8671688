import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { clientAddressOf, parseTrustProxy } from "./client-address";

describe("clientAddressOf", () => {
  it("is the socket's peer when nothing in front is trusted, whatever X-Forwarded-For says", () => {
    assert.equal(clientAddressOf("::ffff:198.51.100.4", "6.6.6.6", false), "198.51.100.4");
    assert.equal(clientAddressOf("198.51.100.4", "6.6.6.6", ["10.0.0.5"]), "198.51.100.4");
  });

  it("takes the last X-Forwarded-For entry only from a trusted proxy", () => {
    assert.equal(clientAddressOf("10.0.0.5", "6.6.6.6, 203.0.113.7", ["10.0.0.5"]), "203.0.113.7");
    assert.equal(clientAddressOf("::ffff:10.0.0.5", ["6.6.6.6", "203.0.113.7"], ["10.0.0.5"]), "203.0.113.7");
    assert.equal(clientAddressOf("10.0.0.9", "6.6.6.6, 203.0.113.7", true), "203.0.113.7");
    assert.equal(clientAddressOf("10.0.0.5", undefined, ["10.0.0.5"]), "10.0.0.5");
  });
});

describe("parseTrustProxy", () => {
  it("reads false, true or a list of addresses, and refuses names", () => {
    assert.equal(parseTrustProxy(undefined), false);
    assert.equal(parseTrustProxy("false"), false);
    assert.equal(parseTrustProxy("true"), true);
    assert.deepEqual(parseTrustProxy("10.0.0.5, ::1, ::ffff:10.0.0.6"), ["10.0.0.5", "::1", "10.0.0.6"]);
    assert.throws(() => parseTrustProxy("proxy.local"), /WEB_TRUST_PROXY/);
    assert.throws(() => parseTrustProxy("yes"), /WEB_TRUST_PROXY/);
  });
});
