import assert from "node:assert/strict";
import type { IncomingMessage } from "node:http";
import { describe, it } from "node:test";
import { clientAddress, knownRateKey } from "./caller.ts";

const from = (peer: string) => ({ socket: { remoteAddress: peer } }) as IncomingMessage;
const forwarded = (value: string | null) => ({
  get: (name: string) => (name === "x-forwarded-for" ? value : null),
});

describe("client address", () => {
  it("ignores X-Forwarded-For unless TRUST_PROXY trusts the peer", () => {
    assert.equal(clientAddress(forwarded("6.6.6.6"), from("203.0.113.9"), false), "203.0.113.9");
    assert.equal(clientAddress(forwarded("6.6.6.6"), from("203.0.113.9"), ["127.0.0.1"]), "203.0.113.9");
  });

  it("from a trusted proxy takes the entry it wrote (the last), not one the client chose", () => {
    const header = forwarded("6.6.6.6, 198.51.100.7");
    assert.equal(clientAddress(header, from("::ffff:127.0.0.1"), ["127.0.0.1"]), "198.51.100.7");
    assert.equal(clientAddress(header, from("10.0.0.2"), true), "198.51.100.7");
    assert.equal(clientAddress(forwarded(null), from("::ffff:127.0.0.1"), ["127.0.0.1"]), "127.0.0.1");
  });

  it("through several proxies of ours skips their hops from the right, and only those", () => {
    // browser 198.51.100.7 (claiming 6.6.6.6) → web app 10.0.0.3 → HAProxy 10.0.0.5 → API
    const chain = forwarded("6.6.6.6, 198.51.100.7, 10.0.0.3");
    const ours = ["10.0.0.3", "10.0.0.5"];
    assert.equal(clientAddress(chain, from("10.0.0.5"), ours), "198.51.100.7");
    // A direct caller through HAProxy alone: its own address, whatever it wrote before it.
    assert.equal(clientAddress(forwarded("10.0.0.3, 203.0.113.50"), from("10.0.0.5"), ours), "203.0.113.50");
    // Only hops of ours: the leftmost of them.
    assert.equal(clientAddress(forwarded("10.0.0.3"), from("10.0.0.5"), ours), "10.0.0.3");
  });
});

describe("known rate key", () => {
  const headers = (values: Record<string, string>) => ({ get: (name: string) => values[name] ?? null });
  it("a credential not known without the database is charged by address when asked, never free", () => {
    const junkCookie = headers({ cookie: "levee_session=x" });
    const junkToken = headers({ authorization: "Bearer nonsense" });
    for (const request of [junkCookie, junkToken]) {
      assert.equal(knownRateKey(request, from("203.0.113.9"), false), undefined);
      assert.equal(knownRateKey(request, from("203.0.113.9"), false, undefined, "address"), "ip:203.0.113.9");
    }
    assert.equal(knownRateKey(headers({}), from("203.0.113.9"), false), "ip:203.0.113.9");
  });
});
