import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { parseIp, parsePrefix, prefixContains } from "./ip-prefix.ts";

describe("ip-prefix", () => {
  it("parses IPv4, IPv6 (compressed, embedded IPv4) and rejects junk", () => {
    assert.equal(parseIp("192.0.2.1")?.value, 0xc0000201n);
    assert.equal(parseIp("::1")?.value, 1n);
    assert.equal(parseIp("::ffff:192.0.2.1")?.value, 0xffffc0000201n);
    assert.equal(parseIp("2001:db8::")?.value, 0x20010db8n << 96n);
    for (const bad of ["300.1.1.1", "1.2.3", "2001:db8:::1", "example", "1:2:3:4:5:6:7:8:9"])
      assert.equal(parseIp(bad), undefined, bad);
  });

  it("matches addresses against prefixes of the same family", () => {
    const v4 = parsePrefix("198.51.100.0/24");
    const v6 = parsePrefix("2001:db8::/32");
    assert.ok(v4 && v6);
    assert.equal(prefixContains(v4, "198.51.100.200"), true);
    assert.equal(prefixContains(v4, "198.51.101.1"), false);
    assert.equal(prefixContains(v4, "2001:db8::1"), false);
    assert.equal(prefixContains(v6, "2001:db8:ffff::1"), true);
    assert.equal(parsePrefix("10.0.0.0/33"), undefined);
    const everything = parsePrefix("0.0.0.0/0");
    assert.ok(everything && prefixContains(everything, "8.8.8.8"));
  });
});
