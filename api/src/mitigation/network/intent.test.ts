import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { communityNumber, parseAsn, parseCommunity } from "./community.ts";
import { checkIntent, describeIntent, type Intent, intentKey, levelOf } from "./intent.ts";
import { matchForVector } from "./vector-match.ts";

const ok = (intent: Intent) => {
  const result = checkIntent(intent);
  assert.ok(result.ok, JSON.stringify(!result.ok && result.problems));
  return result.value;
};
const problems = (intent: Intent) => {
  const result = checkIntent(intent);
  assert.ok(!result.ok, "expected problems");
  return result.problems;
};

describe("intents", () => {
  it("canonicalises a FlowSpec rule: bare address → /32, sorted lists, identity ignores list order", () => {
    const a = ok({
      kind: "FLOWSPEC",
      match: {
        destination: "203.0.113.5",
        protocols: [17, 6],
        sourcePorts: [
          { from: 123, to: 123 },
          { from: 53, to: 53 },
        ],
      },
      rateBytesPerSecond: 0,
    });
    assert.equal(a.kind === "FLOWSPEC" && a.match.destination, "203.0.113.5/32");
    const b = ok({
      kind: "FLOWSPEC",
      match: {
        destination: "203.0.113.5/32",
        protocols: [6, 17],
        sourcePorts: [
          { from: 53, to: 53 },
          { from: 123, to: 123 },
        ],
      },
      rateBytesPerSecond: 0,
    });
    assert.equal(intentKey(a), intentKey(b));
    assert.equal(intentKey(a), "flowspec dst=203.0.113.5/32 proto=6,17 sport=53,123");
    assert.equal(levelOf(a), "DISCARD");
    assert.match(describeIntent(a), /then discard$/);
  });

  it("covers every match component and rate-limit", () => {
    const rule = ok({
      kind: "FLOWSPEC",
      match: {
        destination: "2001:db8::5/128",
        source: "2001:db8:ff::/48",
        protocols: [6],
        destinationPorts: [{ from: 80, to: 80 }],
        packetLengths: [{ from: 0, to: 64 }],
        tcpFlags: ["ACK", "SYN"],
        fragments: ["IS_FRAGMENT"],
      },
      rateBytesPerSecond: 125000,
    });
    assert.equal(levelOf(rule), "RATE_LIMIT");
    assert.equal(rule.kind === "FLOWSPEC" && rule.match.tcpFlags?.join(), "SYN,ACK");
    assert.equal(
      intentKey(rule),
      "flowspec dst=2001:db8::5/128 src=2001:db8:ff::/48 proto=6 dport=80 len=0-64 flags=SYN,ACK frag=IS_FRAGMENT",
    );
  });

  it("refuses malformed prefixes, ports, protocols, rates and flags with the path of each", () => {
    const found = problems({
      kind: "FLOWSPEC",
      match: {
        destination: "203.0.113.300",
        source: "10.0.0.1/8",
        protocols: [1, 300],
        destinationPorts: [{ from: 90, to: 80 }],
        tcpFlags: ["SYN", "BOGUS" as never],
      },
      rateBytesPerSecond: -5,
    });
    const paths = found.map((p) => p.path).sort();
    assert.deepEqual(paths, [
      "match.destination",
      "match.destinationPorts.0",
      "match.protocols",
      "match.source",
      "match.tcpFlags",
      "rateBytesPerSecond",
    ]);
    assert.match(
      found.find((p) => p.path === "match.source")?.message ?? "",
      /host bits set; the network is 10\.0\.0\.0\/8/,
    );
    assert.ok(
      problems({
        kind: "FLOWSPEC",
        match: { destination: "203.0.113.5", protocols: [1], sourcePorts: [{ from: 53, to: 53 }] },
        rateBytesPerSecond: 0,
      }).some((p) => /ports only apply/.test(p.message)),
    );
    assert.ok(
      problems({
        kind: "FLOWSPEC",
        match: { destination: "203.0.113.5", source: "2001:db8::/32" },
        rateBytesPerSecond: 0,
      }).some((p) => /same IP version/.test(p.message)),
    );
    assert.ok(
      problems({ kind: "FLOWSPEC", match: { destination: "203.0.113.5" }, rateBytesPerSecond: Number.NaN })
        .length === 1,
    );
  });

  it("refuses DONT_FRAGMENT in an IPv6 rule (RFC 8956 has no such bit) and keeps it for IPv4", () => {
    const v6 = problems({
      kind: "FLOWSPEC",
      match: { destination: "2001:db8::5", fragments: ["DONT_FRAGMENT", "IS_FRAGMENT"] },
      rateBytesPerSecond: 0,
    });
    assert.deepEqual(
      v6.map((p) => p.path),
      ["match.fragments"],
    );
    assert.match(v6[0]?.message ?? "", /does not exist in IPv6/);
    ok({
      kind: "FLOWSPEC",
      match: { destination: "203.0.113.5", fragments: ["DONT_FRAGMENT"] },
      rateBytesPerSecond: 0,
    });
    ok({
      kind: "FLOWSPEC",
      match: { destination: "2001:db8::5", fragments: ["IS_FRAGMENT", "LAST_FRAGMENT"] },
      rateBytesPerSecond: 0,
    });
  });

  it("RTBH always carries 65535:666 and no-export, with the discard next hop of its IP version", () => {
    const v4 = ok({
      kind: "RTBH",
      prefix: "203.0.113.9",
      nextHop: undefined as never,
      communities: ["65001:100"],
    });
    assert.deepEqual(v4, {
      kind: "RTBH",
      prefix: "203.0.113.9/32",
      nextHop: "192.0.2.1",
      communities: ["65001:100", "65535:666", "no-export"],
    });
    const v6 = ok({ kind: "RTBH", prefix: "2001:db8::9", nextHop: undefined as never, communities: [] });
    assert.equal(v6.kind === "RTBH" && v6.nextHop, "100::1");
    const bad = problems({
      kind: "RTBH",
      prefix: "203.0.113.9",
      nextHop: "2001:db8::1",
      communities: ["70000:1", "x"],
    });
    assert.deepEqual(
      bad.map((p) => p.path),
      ["nextHop", "communities.0", "communities.1"],
    );
  });

  it("refuses an unknown kind", () => {
    assert.equal(problems({ kind: "NULLROUTE" } as never)[0]?.path, "kind");
  });
});

describe("communities and ASNs", () => {
  it("parses standard, large and well-known communities", () => {
    assert.deepEqual(parseCommunity("65535:666"), { ok: true, value: "65535:666" });
    assert.deepEqual(parseCommunity("BLACKHOLE"), { ok: true, value: "65535:666" });
    assert.deepEqual(parseCommunity("No-Export"), { ok: true, value: "no-export" });
    assert.deepEqual(parseCommunity("4200000000:1:2"), { ok: true, value: "4200000000:1:2" });
    for (const bad of ["65536:1", "1:-1", "a:b", "1:2:3:4", "4294967296:1:1", ""])
      assert.equal(parseCommunity(bad).ok, false, bad);
    assert.equal(communityNumber("65535:666"), 0xffff029a);
    assert.equal(communityNumber("no-export"), 0xffffff01);
  });

  it("parses ASNs (asplain, asdot, AS prefix) and refuses reserved ones", () => {
    assert.deepEqual(parseAsn("AS65001"), { ok: true, value: 65001 });
    assert.deepEqual(parseAsn("1.10"), { ok: true, value: 65546 });
    assert.deepEqual(parseAsn(4200000000), { ok: true, value: 4200000000 });
    for (const bad of ["0", "23456", "4294967295", "4294967296", "-1", "AS", "65001x"])
      assert.equal(parseAsn(bad).ok, false, bad);
  });
});

describe("vector → FlowSpec match", () => {
  it("narrows to the classified vector", () => {
    const d = "203.0.113.5/32";
    assert.deepEqual(matchForVector(d, { family: "DNS_AMPLIFICATION" }), {
      destination: d,
      protocols: [17],
      sourcePorts: [{ from: 53, to: 53 }],
    });
    assert.deepEqual(matchForVector(d, { family: "SYN_FLOOD" }), {
      destination: d,
      protocols: [6],
      tcpFlags: ["SYN"],
    });
    assert.deepEqual(matchForVector("2001:db8::1/128", { family: "ICMP_FLOOD" }).protocols, [58]);
    assert.deepEqual(matchForVector(d, { family: "REFLECTION_OTHER", sourcePort: 389 }).sourcePorts, [
      { from: 389, to: 389 },
    ]);
    assert.deepEqual(matchForVector(d, { family: "MULTI_VECTOR" }), { destination: d });
    assert.deepEqual(matchForVector(d, { family: null }), { destination: d });
    for (const family of ["UDP_FLOOD", "HTTP_FLOOD", "GRE_FLOOD", "NTP_AMPLIFICATION"] as const)
      assert.ok(
        checkIntent({ kind: "FLOWSPEC", match: matchForVector(d, { family }), rateBytesPerSecond: 0 }).ok,
        family,
      );
  });
});
