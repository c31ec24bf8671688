import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  CLIENT_ADDRESS_HEADER,
  CLIENT_ADDRESS_SET_BY_SERVER,
  clientAddressOf,
  isTrustedPeer,
  parseTrustProxy,
  visitedHostOf,
  visitorAddress,
} from "./client-address";

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

describe("visitedHostOf", () => {
  it("is the Host header when the peer is not a trusted proxy, whatever X-Forwarded-Host says", () => {
    assert.equal(visitedHostOf("127.0.0.1", "status.tenant.net", "127.0.0.1:3000", false), "127.0.0.1:3000");
    assert.equal(
      visitedHostOf("198.51.100.4", "status.tenant.net", "levee.example", ["10.0.0.5"]),
      "levee.example",
    );
    assert.equal(visitedHostOf("198.51.100.4", undefined, undefined, false), undefined);
  });

  it("takes a trusted proxy's X-Forwarded-Host (the last entry, the one it wrote), else its Host", () => {
    assert.equal(
      visitedHostOf("10.0.0.5", "status.tenant.net", "web:3000", ["10.0.0.5"]),
      "status.tenant.net",
    );
    assert.equal(
      visitedHostOf("::ffff:10.0.0.5", "forged.net, status.tenant.net", "web:3000", ["10.0.0.5"]),
      "status.tenant.net",
    );
    assert.equal(visitedHostOf("10.0.0.9", ["a.net", "b.net"], "web:3000", true), "b.net");
    assert.equal(
      visitedHostOf("10.0.0.5", undefined, "status.tenant.net", ["10.0.0.5"]),
      "status.tenant.net",
    );
  });
});

it("only a listed proxy's forwarded headers are believed", () => {
  assert.equal(isTrustedPeer("203.0.113.9", false), false);
  assert.equal(isTrustedPeer("203.0.113.9", true), true);
  assert.equal(isTrustedPeer("::ffff:10.0.0.5", ["10.0.0.5"]), true);
  assert.equal(isTrustedPeer("10.0.0.6", ["10.0.0.5"]), false);
  assert.equal(isTrustedPeer(undefined, ["10.0.0.5"]), false);
});

describe("visitorAddress", () => {
  const get = (value: string | null) => (name: string) => (name === CLIENT_ADDRESS_HEADER ? value : null);
  it("is what web/server.ts decided, only when it runs", () => {
    const server = { [CLIENT_ADDRESS_SET_BY_SERVER]: "1" };
    assert.equal(visitorAddress(get("198.51.100.4"), server), "198.51.100.4");
    assert.equal(visitorAddress(get(" "), server), undefined);
    // A bare `next start`: the header could be the client's own; nothing is passed on.
    assert.equal(visitorAddress(get("6.6.6.6"), {}), undefined);
  });
});
