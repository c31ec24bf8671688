import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { componentSignature, flowComponents } from "./flowspec-nlri.ts";
import { validIntent } from "./intent.ts";
import { planReconcile } from "./reconcile.ts";
import { intentSignature } from "./rule-signature.ts";
import { birdRoute, exabgpAnnounce, exabgpWithdraw, float32Bits } from "./speakers/speaker-syntax.ts";

const canonical = validIntent;
const full = canonical({
  kind: "FLOWSPEC",
  match: {
    destination: "203.0.113.5",
    source: "198.51.100.0/24",
    protocols: [6],
    destinationPorts: [
      { from: 80, to: 80 },
      { from: 1000, to: 2000 },
    ],
    tcpFlags: ["SYN", "ACK"],
    packetLengths: [{ from: 0, to: 64 }],
    fragments: ["IS_FRAGMENT", "FIRST_FRAGMENT"],
  },
  rateBytesPerSecond: 125000,
});
const rtbh = canonical({
  kind: "RTBH",
  prefix: "203.0.113.7",
  nextHop: undefined as never,
  communities: ["65001:1:2"],
});

describe("FlowSpec NLRI components (RFC 8955)", () => {
  it("encodes every component in type order with end-of-list and AND bits", () => {
    assert.deepEqual(flowComponents(full.kind === "FLOWSPEC" ? full.match : ({} as never)), [
      { type: 1, prefix: "203.0.113.5", prefixLength: 32 },
      { type: 2, prefix: "198.51.100.0", prefixLength: 24 },
      { type: 3, items: [{ op: 0x81, value: 6 }] },
      {
        type: 5,
        items: [
          { op: 0x01, value: 80 },
          { op: 0x03, value: 1000 },
          { op: 0xc5, value: 2000 },
        ],
      },
      { type: 9, items: [{ op: 0x81, value: 0x12 }] },
      {
        type: 10,
        items: [
          { op: 0x03, value: 0 },
          { op: 0xc5, value: 64 },
        ],
      },
      {
        type: 12,
        items: [
          { op: 0, value: 2 },
          { op: 0x80, value: 4 },
        ],
      },
    ]);
  });

  it("signatures ignore the length bits a speaker adds and include the action", () => {
    const c = [{ type: 3, items: [{ op: 0x81 | 0x10, value: 17 }] }];
    assert.equal(componentSignature(c), componentSignature([{ type: 3, items: [{ op: 0x81, value: 17 }] }]));
    const discard = canonical({
      kind: "FLOWSPEC",
      match: { destination: "203.0.113.5" },
      rateBytesPerSecond: 0,
    });
    const police = canonical({
      kind: "FLOWSPEC",
      match: { destination: "203.0.113.5" },
      rateBytesPerSecond: 1000,
    });
    assert.notEqual(intentSignature(discard), intentSignature(police));
  });
});

describe("speaker syntax", () => {
  it("renders ExaBGP API commands", () => {
    assert.equal(
      exabgpAnnounce(full),
      "announce flow route { match { destination 203.0.113.5/32; source 198.51.100.0/24; protocol [ =6 ]; destination-port [ =80 >=1000&<=2000 ]; packet-length [ >=0&<=64 ]; tcp-flags [ =syn&=ack ]; fragment [ is-fragment first-fragment ]; } then { rate-limit 125000; } }",
    );
    assert.equal(
      exabgpAnnounce(rtbh),
      "announce route 203.0.113.7/32 next-hop 192.0.2.1 community [ 65535:666 no-export ] large-community [ 65001:1:2 ]",
    );
    assert.equal(exabgpWithdraw(rtbh), "withdraw route 203.0.113.7/32");
    assert.throws(
      () => exabgpAnnounce(canonical({ kind: "SCRUBBING", prefix: "203.0.113.0/24" })),
      /not a BGP speaker's job/,
    );
  });

  it("renders BIRD 2 static routes with the traffic-rate float and communities", () => {
    assert.equal(float32Bits(125000), 0x47f42400);
    assert.equal(float32Bits(0), 0);
    assert.equal(
      birdRoute(full),
      "route flow4 { dst 203.0.113.5/32; src 198.51.100.0/24; proto 6; dport 80, 1000..2000; tcp flags 0x12/0x12; length 0..64; fragment is_fragment || first_fragment; } { bgp_ext_community.add((generic, 0x80060000, 0x47f42400)); };",
    );
    assert.equal(
      birdRoute(rtbh),
      "route 203.0.113.7/32 blackhole { bgp_next_hop = 192.0.2.1; bgp_large_community.add((65001, 1, 2)); bgp_community.add((65535, 666)); bgp_community.add((65535, 65281)); };",
    );
  });
});

describe("reconciliation plan", () => {
  const intents = [full, rtbh];
  it("a speaker listing its RIB gets only what it lacks", () => {
    const present = new Set([intentSignature(rtbh) as string]);
    assert.deepEqual(planReconcile(intents, { signatures: present }, undefined, false).announce, [full]);
  });
  it("a speaker without a readable RIB gets everything again only after a restart", () => {
    assert.deepEqual(planReconcile(intents, { generation: "a" }, "a", false).announce, []);
    assert.deepEqual(planReconcile(intents, { generation: "b" }, "a", false).announce, intents);
  });
  it("a whole-file speaker is rewritten when anything is missing or extra", () => {
    const both = new Set(intents.map((i) => intentSignature(i) as string));
    assert.equal(planReconcile(intents, { signatures: both }, undefined, true).replaceAll, false);
    assert.equal(planReconcile([full], { signatures: both }, undefined, true).replaceAll, true);
  });
});
