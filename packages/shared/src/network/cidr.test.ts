import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { cidrContains, parseCidr, parseIp, parsePrefix, parseRange, prefixContains } from "./cidr.ts";

const ok = (input: string) => {
  const result = parseCidr(input);
  assert.ok(result.ok, `${input}: ${result.ok ? "" : result.message}`);
  return result.text;
};
const bad = (input: string) => {
  const result = parseCidr(input);
  assert.equal(result.ok, false, input);
  return result.ok ? "" : result.message;
};

describe("parseCidr", () => {
  it("accepts IPv4 and IPv6 prefixes and bare host addresses", () => {
    assert.equal(ok("192.0.2.0/24"), "192.0.2.0/24");
    assert.equal(ok(" 203.0.113.5 "), "203.0.113.5/32");
    assert.equal(ok("0.0.0.0/0"), "0.0.0.0/0");
    assert.equal(ok("2001:DB8::/32"), "2001:db8::/32");
    assert.equal(ok("2001:db8:0:0:1:0:0:1"), "2001:db8::1:0:0:1/128");
    assert.equal(ok("::/0"), "::/0");
    assert.equal(ok("::ffff:192.0.2.1"), "::ffff:c000:201/128");
  });

  it("names the intended network when host bits are set", () => {
    assert.match(bad("192.0.2.7/24"), /host bits set; the network is 192\.0\.2\.0\/24/);
    assert.match(bad("2001:db8::1/32"), /2001:db8::\/32/);
  });

  it("rejects what is not an address or has a bad length", () => {
    assert.match(bad("300.1.1.1/24"), /not an IP address/);
    assert.match(bad("192.0.2.0/33"), /prefix length outside 0–32/);
    assert.match(bad("2001:db8::/129"), /0–128/);
    assert.match(bad("192.0.2.0/-1"), /prefix length/);
    assert.match(bad("192.0.2.0/24/1"), /not an IP address/);
    assert.match(bad("example.com"), /not an IP address/);
    assert.match(bad("1.2.3.4; rm -rf /"), /not an IP address/);
  });
});

describe("cidrContains", () => {
  const cidr = (text: string) => {
    const result = parseCidr(text);
    assert.ok(result.ok);
    return result.cidr;
  };
  it("matches addresses and narrower prefixes inside, never across families", () => {
    assert.equal(cidrContains(cidr("10.0.0.0/8"), cidr("10.2.3.4")), true);
    assert.equal(cidrContains(cidr("10.0.0.0/8"), cidr("11.0.0.1")), false);
    assert.equal(cidrContains(cidr("10.1.0.0/16"), cidr("10.0.0.0/8")), false);
    assert.equal(cidrContains(cidr("0.0.0.0/0"), cidr("2001:db8::1")), false);
    assert.equal(cidrContains(cidr("2001:db8::/32"), cidr("2001:db8:5::/48")), true);
  });
});

describe("parseIp, parsePrefix and parseRange", () => {
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

  it("parses addresses, prefixes, dashed ranges and decimal numbers", () => {
    assert.deepEqual(parseRange("192.0.2.0/24"), { version: 4, first: 0xc0000200n, last: 0xc00002ffn });
    assert.deepEqual(parseRange("192.0.2.9"), { version: 4, first: 0xc0000209n, last: 0xc0000209n });
    assert.deepEqual(parseRange("16777216"), { version: 4, first: 16777216n, last: 16777216n });
    assert.equal(parseRange("192.0.2.9-192.0.2.1"), undefined);
    assert.equal(parseRange("192.0.2.0/40"), undefined);
    assert.equal(parseRange("2001:db8::/32")?.last, (0x20010db8n << 96n) | ((1n << 96n) - 1n));
  });
});

describe("parseCidr on what node:net accepts but is no prefix", () => {
  it("refuses an IPv6 zone id instead of reading garbage after it", () => {
    assert.equal(parseCidr("fe80::1%eth0").ok, false);
  });
});
