import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { captureSummarySchema } from "@levee/shared/classification/capture-summary";
import { classify } from "@levee/shared/classification/classifier";
import { ethernet, Flags, ipv4, ipv6, tcp, udp } from "../../test/analyze/pcap-builder.ts";
import { FeatureExtractor } from "./feature-extractor.ts";
import { LinkType } from "./link-types.ts";

const add = (fx: FeatureExtractor, frame: Uint8Array) =>
  fx.addPacket(frame, LinkType.ETHERNET, frame.length, 0);

describe("FeatureExtractor", () => {
  it("summarises protocols, flags, ports, sizes, TTLs and sources", () => {
    const fx = new FeatureExtractor();
    for (let i = 0; i < 10; i++)
      add(fx, ethernet(ipv4({ src: "203.0.113.5", ttl: 50, protocol: 6 }, tcp(40000 + i, 80, Flags.SYN))));
    for (let i = 0; i < 5; i++)
      add(
        fx,
        ethernet(ipv4({ src: "198.51.100.77", ttl: 120, protocol: 17 }, udp(53, 3333, new Uint8Array(300)))),
      );
    add(fx, ethernet(ipv6("2001:db8::9", 17, udp(5, 6))));
    add(fx, new Uint8Array(10)); // malformed
    const s = fx.takeSummary();
    assert.ok(
      captureSummarySchema.safeParse(s).success,
      JSON.stringify(captureSummarySchema.safeParse(s).error),
    );
    assert.equal(s.packets, 17);
    assert.equal(s.malformed, 1);
    assert.deepEqual(s.protocols, { tcp: 10, udp: 6, icmp: 0, gre: 0, other: 0 });
    assert.deepEqual(s.protocolSources, { tcp: 1, udp: 2, icmp: 0, gre: 0, other: 0 });
    assert.equal(s.tcpFlags.syn, 10);
    assert.deepEqual(s.topDestinationPorts[0], { protocol: "TCP", port: 80, packets: 10 });
    assert.deepEqual(s.topSourcePorts[0], { protocol: "UDP", port: 53, packets: 5 });
    assert.equal(s.distinctSources, 3);
    assert.equal(s.distinctSourcesExact, true);
    assert.deepEqual(s.topSources[0], { ip: "203.0.113.5", packets: 10, bytes: 540, ttls: [50] });
    assert.equal(s.topSources[2]?.ip, "2001:db8::9");
    assert.deepEqual(s.ttlHistogram, [
      { ttl: 50, packets: 10 },
      { ttl: 64, packets: 1 },
      { ttl: 120, packets: 5 },
    ]);
    assert.equal(s.trackedSources, 2);
    assert.equal(s.sourcesWithVaryingTtl, 0);
    assert.equal(s.bogonSources, 3); // documentation prefixes are bogons
    assert.equal(fx.takeSummary().packets, 0, "takeSummary starts a new interval");
  });

  it("sets the node's own answers aside: never a source, counted with the addresses", () => {
    const fx = new FeatureExtractor({ ownAddresses: ["192.0.2.10", "2001:db8::10", "not an address"] });
    for (let i = 0; i < 50; i++)
      add(
        fx,
        ethernet(ipv4({ src: `198.51.100.${i}`, ttl: 50, protocol: 6 }, tcp(40000 + i, 80, Flags.SYN))),
      );
    for (let i = 0; i < 30; i++)
      add(fx, ethernet(ipv4({ src: "192.0.2.10", ttl: 64, protocol: 6 }, tcp(80, 40000 + i, Flags.RST))));
    for (let i = 0; i < 20; i++)
      add(fx, ethernet(ipv6("2001:db8::10", 6, tcp(80, 40000 + i, Flags.SYN | Flags.ACK))));
    const s = fx.takeSummary();
    assert.ok(captureSummarySchema.safeParse(s).success);
    assert.equal(s.packets, 50);
    assert.equal(s.tcpFlags.rst, 0);
    assert.ok(!s.topSources.some((src) => src.ip === "192.0.2.10" || src.ip === "2001:db8::10"));
    assert.deepEqual(s.ownTraffic, {
      packets: 50,
      rst: 30,
      synAck: 20,
      icmp: 0,
      other: 0,
      addresses: ["192.0.2.10", "2001:db8::10"],
    });
    const c = classify(s, { thresholdPps: 10 });
    assert.equal(c.family, "SYN_FLOOD");
    assert.ok(
      c.evidence.some((e) => e.includes("own answers from 192.0.2.10")),
      c.evidence.join("\n"),
    );
  });

  it("counts later fragments for the ports and signature of their first fragment", () => {
    const fx = new FeatureExtractor();
    const dns = new Uint8Array(1400);
    dns.set([0x12, 0x34, 0x81, 0x80, 0, 1, 0, 1]);
    add(
      fx,
      ethernet(ipv4({ src: "192.0.2.200", protocol: 17, id: 99, moreFragments: true }, udp(53, 7777, dns))),
    );
    add(
      fx,
      ethernet(ipv4({ src: "192.0.2.200", protocol: 17, id: 99, fragmentOffset: 176 }, new Uint8Array(900))),
    );
    add(
      fx,
      ethernet(ipv4({ src: "192.0.2.201", protocol: 17, id: 5, fragmentOffset: 176 }, new Uint8Array(900))),
    );
    const s = fx.takeSummary();
    assert.equal(s.fragments, 3);
    assert.deepEqual(s.signatures, [{ name: "DNS_RESPONSE", packets: 2 }]);
    assert.deepEqual(s.topSourcePorts, [{ protocol: "UDP", port: 53, packets: 2 }]);
  });

  it("attributes fragments by datagram (source, destination, protocol, IP ID), in any order", () => {
    const fx = new FeatureExtractor();
    const dns = new Uint8Array(1400);
    dns.set([0x12, 0x34, 0x81, 0x80, 0, 1, 0, 1]);
    const later = (dst: string, id: number) =>
      ethernet(ipv4({ src: "192.0.2.200", dst, protocol: 17, id, fragmentOffset: 176 }, new Uint8Array(900)));
    // Two later fragments arrive before their first; one of the same IP ID goes to another host.
    add(fx, later("198.51.100.10", 7));
    add(fx, later("198.51.100.10", 7));
    add(fx, later("198.51.100.99", 7));
    add(
      fx,
      ethernet(ipv4({ src: "192.0.2.200", protocol: 17, id: 7, moreFragments: true }, udp(53, 7777, dns))),
    );
    const s = fx.takeSummary();
    assert.equal(s.fragments, 4);
    assert.deepEqual(s.signatures, [{ name: "DNS_RESPONSE", packets: 3 }]);
    assert.deepEqual(s.topSourcePorts, [{ protocol: "UDP", port: 53, packets: 3 }]);
    assert.equal(s.unmatchedFragments, 1);
  });

  it("names a flood of fragments that never had a first fragment", () => {
    const fx = new FeatureExtractor();
    for (let i = 0; i < 3000; i++)
      add(
        fx,
        ethernet(
          ipv4(
            { src: `203.0.${i % 200}.${1 + (i % 250)}`, ttl: 50, protocol: 17, id: i, fragmentOffset: 185 },
            new Uint8Array(1000),
          ),
        ),
      );
    const s = fx.takeSummary();
    assert.equal(s.unmatchedFragments, 3000);
    const c = classify(s, { thresholdPps: 1000 });
    assert.equal(c.family, "UDP_FLOOD");
    assert.equal(c.detail, "of IP fragments without a first fragment");
  });

  it("tracks per-source TTL changes", () => {
    const fx = new FeatureExtractor();
    for (const ttl of [40, 41, 200, 40])
      add(fx, ethernet(ipv4({ src: "203.0.113.1", ttl, protocol: 1 }, new Uint8Array(8))));
    const s = fx.takeSummary();
    assert.deepEqual(s.topSources[0]?.ttls, [40, 41, 200]);
    assert.equal(s.sourcesWithVaryingTtl, 1);
  });

  it("stays within its caps under a flood of distinct sources and switches to the sketch", () => {
    const fx = new FeatureExtractor({ maxTrackedSources: 1024 });
    const frame = ethernet(ipv4({ src: "1.0.0.0", protocol: 17 }, udp(1, 2)));
    for (let i = 0; i < 20_000; i++) {
      new DataView(frame.buffer).setUint32(14 + 12, 0x01000000 + i * 7919);
      add(fx, frame);
    }
    const heavy = ethernet(ipv4({ src: "203.0.113.99", protocol: 17 }, udp(1, 2)));
    for (let i = 0; i < 50; i++) add(fx, heavy);
    const s = fx.takeSummary();
    assert.equal(s.distinctSourcesExact, false);
    assert.ok(Math.abs(s.distinctSources - 20_001) < 20_001 * 0.05, `estimate ${s.distinctSources}`);
    assert.equal(s.topSources[0]?.ip, "203.0.113.99");
  });
});
