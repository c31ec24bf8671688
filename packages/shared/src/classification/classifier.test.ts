import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { crowd, randomTtls, realTtls, summaryOf } from "../../test/summaries.ts";
import { classify } from "./classifier.ts";

const syn = (n: number) => ({
  ...summaryOf({ protocols: { tcp: n, udp: 0, icmp: 0, gre: 0, other: 0 } }).tcpFlags,
  syn: n,
});

describe("classify", () => {
  it("names a SYN flood and calls thousands of sources on one TTL spoofed", () => {
    const c = classify(
      summaryOf({
        protocols: { tcp: 20_000, udp: 0, icmp: 0, gre: 0, other: 0 },
        tcpFlags: syn(20_000),
        distinctSources: 19_500,
        topSources: crowd(19_500, 242),
        ttlHistogram: [
          { ttl: 242, packets: 10_000 },
          { ttl: 244, packets: 10_000 },
        ],
      }),
    );
    assert.equal(c.family, "SYN_FLOOD");
    assert.equal(c.confidence, 100);
    assert.equal(c.spoofed, true);
    assert.equal(c.botnet, false);
    assert.ok(
      c.evidence.some((e) => /TTL 242 or 244: one network path/.test(e)),
      c.evidence.join("\n"),
    );
  });

  it("a SYN flood on a listening port: the sources' RSTs refusing the node's SYN-ACKs are part of it, not an RST flood", () => {
    const flood = (ownSynAcks: number) =>
      summaryOf({
        protocols: { tcp: 20_000, udp: 0, icmp: 0, gre: 0, other: 0 },
        tcpFlags: { ...syn(10_000), rst: 10_000 },
        topDestinationPorts: [{ protocol: "TCP", port: 80, packets: 20_000 }],
        topSourcePorts: [{ protocol: "TCP", port: 2001, packets: 2 }],
        ...(ownSynAcks > 0
          ? {
              ownTraffic: {
                packets: ownSynAcks,
                rst: 0,
                synAck: ownSynAcks,
                icmp: 0,
                other: 0,
                addresses: ["10.77.0.2"],
              },
            }
          : {}),
      });
    // As hping3 against a listener saw it: every SYN answered with a SYN-ACK, every SYN-ACK refused.
    const answered = classify(flood(10_000));
    assert.equal(answered.family, "SYN_FLOOD", answered.evidence.join("\n"));
    assert.ok(
      answered.evidence.some((e) => /RSTs refusing the node's SYN-ACKs/.test(e)),
      answered.evidence.join("\n"),
    );
    // More RSTs than SYN-ACKs sent: the rest is an RST flood beside the SYN flood.
    const more = classify(flood(2_000));
    assert.equal(more.family, "MULTI_VECTOR");
    assert.deepEqual(more.vectors.map((v) => v.family).sort(), ["RST_FLOOD", "SYN_FLOOD"]);
    // No SYN-ACK of the node's in view (none sent, or none seen): two vectors, as before.
    assert.equal(classify(flood(0)).family, "MULTI_VECTOR");
  });

  it("calls random TTLs spoofed and real, plausible TTLs from many sources a botnet", () => {
    const flood = (ttlHistogram: ReturnType<typeof realTtls>) =>
      summaryOf({
        protocols: { tcp: 0, udp: 5000, icmp: 0, gre: 0, other: 0 },
        distinctSources: 800,
        topSources: crowd(800),
        ttlHistogram,
        trackedSources: 700,
        topSourcePorts: [{ protocol: "UDP", port: 40001, packets: 3 }],
      });
    const spoofed = classify(flood(randomTtls(5000)));
    assert.equal(spoofed.family, "UDP_FLOOD");
    assert.equal(spoofed.spoofed, true);
    assert.ok(spoofed.spoofingScore >= 80);
    const botnet = classify(flood(realTtls(5000)));
    assert.equal(botnet.family, "UDP_FLOOD");
    assert.equal(botnet.spoofed, false);
    assert.equal(botnet.botnet, true);
  });

  it("names DNS amplification from its signatures; reflectors are not spoofed", () => {
    const c = classify(
      summaryOf({
        protocols: { tcp: 0, udp: 8000, icmp: 0, gre: 0, other: 0 },
        distinctSources: 1200,
        topSources: crowd(1200),
        ttlHistogram: randomTtls(8000),
        fragments: 4000,
        topSourcePorts: [{ protocol: "UDP", port: 53, packets: 8000 }],
        signatures: [
          { name: "DNS_ANY_RESPONSE", packets: 7000 },
          { name: "DNS_RESPONSE", packets: 8000 },
        ],
      }),
    );
    assert.equal(c.family, "DNS_AMPLIFICATION");
    assert.equal(c.spoofed, false);
    assert.equal(c.botnet, false);
    assert.ok(c.evidence.some((e) => /answer ANY queries/.test(e)));
  });

  it("names other reflection with the service in the detail", () => {
    const c = classify(
      summaryOf({
        protocols: { tcp: 0, udp: 3000, icmp: 0, gre: 0, other: 0 },
        distinctSources: 400,
        topSourcePorts: [{ protocol: "UDP", port: 389, packets: 3000 }],
        signatures: [{ name: "CLDAP_RESPONSE", packets: 2900 }],
      }),
    );
    assert.equal(c.family, "REFLECTION_OTHER");
    assert.equal(c.detail, "CLDAP (udp/389)");
  });

  it("returns no attack below the rate threshold", () => {
    const c = classify(
      summaryOf({ protocols: { tcp: 300, udp: 0, icmp: 0, gre: 0, other: 0 }, tcpFlags: syn(300) }),
    );
    assert.equal(c.family, null);
    assert.equal(c.confidence, 0);
    assert.match(c.evidence[0] ?? "", /below threshold/);
    assert.equal(
      classify(
        summaryOf({ protocols: { tcp: 300, udp: 0, icmp: 0, gre: 0, other: 0 }, tcpFlags: syn(300) }),
        { thresholdPps: 100 },
      ).family,
      "SYN_FLOOD",
    );
  });

  it("counts the detector's per-protocol thresholds and the hot samples' own rate", () => {
    // A SYN flood that stalled under load: 9,847 SYN over a 16 s window (614 pps on average),
    // every one of them in the 4 s of samples the detector judged over threshold.
    const stalled = summaryOf({
      seconds: 16,
      protocols: { tcp: 9847, udp: 0, icmp: 0, gre: 0, other: 0 },
      tcpFlags: syn(9847),
      ttlHistogram: [{ ttl: 64, packets: 9847 }],
    });
    const limits = { thresholdPps: 1500, protocolThresholdsPps: { tcp: 1200, udp: 1200, icmp: 1200 } };
    assert.equal(classify(stalled, limits).family, null);
    const hot = { seconds: 4, packets: 9847, bytes: 9847 * 100, tcp: 9847, udp: 0, icmp: 0 };
    const c = classify(stalled, { ...limits, hot });
    assert.equal(c.family, "SYN_FLOOD");
    assert.ok(
      c.evidence.some((e) =>
        /2\.5k pps and [\d.]+k? ?[kMG]?bit\/s over the 4\.0 s of samples over threshold/.test(e),
      ),
    );
    // TCP alone over its own threshold (1.3k pps ≥ 1.2k) while the total stays under 1.5k pps.
    const tcpOnly = summaryOf({
      protocols: { tcp: 1300, udp: 0, icmp: 0, gre: 0, other: 0 },
      tcpFlags: syn(1300),
    });
    assert.equal(classify(tcpOnly, { thresholdPps: 1500 }).family, null);
    const named = classify(tcpOnly, limits);
    assert.equal(named.family, "SYN_FLOOD");
    assert.ok(named.evidence.some((e) => /TCP 1\.3k pps \(threshold 1\.2k pps\)/.test(e)));
    // Hot samples below every threshold change nothing.
    const lull = { seconds: 16, packets: 9847, bytes: 9847 * 100, tcp: 9847, udp: 0, icmp: 0 };
    assert.equal(classify(stalled, { ...limits, hot: lull }).family, null);
  });

  it("sets a fast TCP download aside as ordinary flows, not an ACK flood", () => {
    const c = classify(
      summaryOf({
        protocols: { tcp: 30_000, udp: 0, icmp: 0, gre: 0, other: 0 },
        tcpFlags: { syn: 0, synAck: 0, ack: 30_000, rst: 0, fin: 0, psh: 0, other: 0 },
        distinctSources: 2,
        topSources: [
          { ip: "93.184.216.34", packets: 20_000, bytes: 30e6, ttls: [56] },
          { ip: "192.0.2.10", packets: 10_000, bytes: 6e5, ttls: [64] },
        ],
        topSourcePorts: [
          { protocol: "TCP", port: 443, packets: 20_000 },
          { protocol: "TCP", port: 51234, packets: 10_000 },
        ],
        ttlHistogram: [
          { ttl: 56, packets: 20_000 },
          { ttl: 64, packets: 10_000 },
        ],
      }),
    );
    assert.equal(c.family, null);
    assert.ok(
      c.evidence.some((e) => /2 ordinary flows .*set aside/.test(e)),
      c.evidence.join("\n"),
    );
  });

  it("names a multi-vector attack with each vector's share", () => {
    const c = classify(
      summaryOf({
        protocols: { tcp: 4000, udp: 0, icmp: 3000, gre: 0, other: 0 },
        tcpFlags: syn(4000),
        distinctSources: 5000,
        ttlHistogram: realTtls(7000),
      }),
    );
    assert.equal(c.family, "MULTI_VECTOR");
    assert.deepEqual(
      c.vectors.map((v) => [v.family, v.packetsShare]),
      [
        ["SYN_FLOOD", 0.571],
        ["ICMP_FLOOD", 0.429],
      ],
    );
    assert.equal(c.confidence, 100);
  });

  it("calls sources inside the operator's own prefixes spoofed", () => {
    const c = classify(
      summaryOf({
        protocols: { tcp: 0, udp: 0, icmp: 2000, gre: 0, other: 0 },
        distinctSources: 3,
        topSources: [{ ip: "192.0.2.55", packets: 1500, bytes: 1e5, ttls: [60] }],
        ttlHistogram: [{ ttl: 60, packets: 2000 }],
      }),
      { ownedPrefixes: ["192.0.2.0/24", "not a prefix"] },
    );
    assert.equal(c.family, "ICMP_FLOOD");
    assert.equal(c.spoofed, true);
    assert.ok(c.evidence.some((e) => /inside your own prefixes/.test(e)));
  });

  it("names an HTTP flood from request signatures, not the SYNs of its connections", () => {
    const c = classify(
      summaryOf({
        protocols: { tcp: 5000, udp: 0, icmp: 0, gre: 0, other: 0 },
        tcpFlags: { syn: 1000, synAck: 0, ack: 2000, rst: 0, fin: 1000, psh: 1000, other: 0 },
        distinctSources: 350,
        topDestinationPorts: [{ protocol: "TCP", port: 80, packets: 5000 }],
        signatures: [{ name: "HTTP_REQUEST", packets: 1000 }],
        ttlHistogram: realTtls(5000),
      }),
    );
    assert.equal(c.family, "HTTP_FLOOD");
    assert.equal(c.botnet, true);
  });

  it("does not call one scanning host with many TTLs spoofed", () => {
    const c = classify(
      summaryOf({
        protocols: { tcp: 2000, udp: 0, icmp: 0, gre: 0, other: 0 },
        tcpFlags: syn(2000),
        distinctSources: 2,
        trackedSources: 2,
        sourcesWithVaryingTtl: 1,
        topSources: [
          { ip: "198.51.100.3", packets: 1990, bytes: 1e5, ttls: [37, 41, 44, 48, 50, 53, 55, 59] },
        ],
        ttlHistogram: Array.from({ length: 23 }, (_, i) => ({ ttl: 37 + i, packets: 87 })),
      }),
    );
    assert.equal(c.family, "SYN_FLOOD");
    assert.equal(c.spoofed, false);
  });

  describe("connection state (SYN_RECV)", () => {
    // A SYN flood the kernel answers with SYN cookies: a few hundred pps, far under the packet
    // thresholds, and hundreds of half-open connections.
    const lowSynFlood = summaryOf({
      seconds: 10,
      protocols: { tcp: 2000, udp: 0, icmp: 0, gre: 0, other: 0 },
      tcpFlags: syn(2000),
      distinctSources: 1,
      trackedSources: 1,
      topSources: [{ ip: "198.51.100.7", packets: 2000, bytes: 120_000, ttls: [64] }],
      topDestinationPorts: [{ protocol: "TCP", port: 443, packets: 2000 }],
      ttlHistogram: [{ ttl: 64, packets: 2000 }],
    });
    const thresholds = { synRecv: 100, tcpEstablished: 5000, tcpTotal: 30_000 };

    it("names a SYN flood held in SYN_RECV under the packet thresholds, with the socket counts as evidence", () => {
      const c = classify(lowSynFlood, {
        connections: { peaks: { synRecv: 512, tcpEstablished: 3, tcpTotal: 530 }, thresholds },
      });
      assert.equal(c.family, "SYN_FLOOD");
      assert.equal(c.detail, "half-open connections piling up in SYN_RECV");
      assert.equal(c.confidence, 100, "every attack packet is a SYN");
      assert.deepEqual(
        c.vectors.map((v) => [v.family, v.packetsShare]),
        [["SYN_FLOOD", 1]],
      );
      assert.equal(c.botnet, false);
      assert.match(c.evidence[0] ?? "", /^512 half-open connections \(SYN_RECV\) at the peak, threshold 100/);
      assert.ok(
        c.evidence.some((e) => e.startsWith("Traffic is below the packet thresholds: on average 200 pps")),
        c.evidence.join("\n"),
      );
    });

    it("without SYN packets in the capture the socket table still names it, at lower confidence", () => {
      const quiet = summaryOf({ seconds: 10, protocols: { tcp: 50, udp: 0, icmp: 0, gre: 0, other: 0 } });
      const c = classify(quiet, {
        connections: { peaks: { synRecv: 300, tcpEstablished: 0, tcpTotal: 300 }, thresholds },
      });
      assert.equal(c.family, "SYN_FLOOD");
      assert.equal(c.confidence, 60);
    });

    it("SYN cookies sent name the SYN flood under the packet thresholds even while SYN_RECV stays low", () => {
      const c = classify(lowSynFlood, {
        connections: {
          peaks: { synRecv: 12, tcpEstablished: 3, tcpTotal: 40 },
          thresholds,
          syncookiesPeak: 850,
        },
      });
      assert.equal(c.family, "SYN_FLOOD");
      assert.equal(c.detail, "SYN backlog full: the kernel answering with SYN cookies");
      assert.equal(c.confidence, 100, "every captured packet a SYN");
      assert.match(c.evidence[0] ?? "", /^850 SYN cookies sent\/s at the peak/);
      // None sent (read, and 0): nothing named from the socket side.
      const none = classify(lowSynFlood, {
        connections: {
          peaks: { synRecv: 12, tcpEstablished: 3, tcpTotal: 40 },
          thresholds,
          syncookiesPeak: 0,
        },
      });
      assert.equal(none.family, null);
      // The odd cookie of a busy server (under SYNCOOKIE_FLOOD_RATE) in traffic that is not mostly
      // SYNs: evidence, not a family.
      const quiet = summaryOf({ seconds: 10, protocols: { tcp: 50, udp: 0, icmp: 0, gre: 0, other: 0 } });
      const odd = classify(quiet, {
        connections: {
          peaks: { synRecv: 12, tcpEstablished: 3, tcpTotal: 40 },
          thresholds,
          syncookiesPeak: 3,
        },
      });
      assert.equal(odd.family, null);
      assert.ok(odd.evidence.some((e) => e.startsWith("3 SYN cookies sent/s")));
      // Many cookies name it even without SYNs in the capture.
      const many = classify(quiet, {
        connections: {
          peaks: { synRecv: 12, tcpEstablished: 3, tcpTotal: 40 },
          thresholds,
          syncookiesPeak: 400,
        },
      });
      assert.equal(many.family, "SYN_FLOOD");
    });

    it("SYN cookies over the node's own SYN_COOKIES threshold (set under 100/s) name the flood, with the threshold", () => {
      const quiet = summaryOf({ seconds: 10, protocols: { tcp: 50, udp: 0, icmp: 0, gre: 0, other: 0 } });
      const peaks = { synRecv: 4, tcpEstablished: 3, tcpTotal: 40 };
      const crossed = classify(quiet, {
        connections: { peaks, thresholds, syncookiesPeak: 60, syncookiesThreshold: 40 },
      });
      assert.equal(crossed.family, "SYN_FLOOD");
      assert.equal(crossed.detail, "SYN backlog full: the kernel answering with SYN cookies");
      assert.match(crossed.evidence[0] ?? "", /^60 SYN cookies sent\/s at the peak, threshold 40:/);
      // Under both its threshold and 100/s, in traffic not mostly SYNs: evidence only.
      const under = classify(quiet, {
        connections: { peaks, thresholds, syncookiesPeak: 30, syncookiesThreshold: 40 },
      });
      assert.equal(under.family, null);
      assert.ok(under.evidence.some((e) => e.startsWith("30 SYN cookies sent/s at the peak:")));
    });

    it("SYN_RECV at or under its threshold changes nothing; established connections over theirs are evidence, not a family", () => {
      const under = classify(lowSynFlood, {
        connections: { peaks: { synRecv: 100, tcpEstablished: 3, tcpTotal: 110 }, thresholds },
      });
      assert.equal(under.family, null);
      assert.ok(!under.evidence.some((e) => e.includes("SYN_RECV")));
      const exhausted = classify(lowSynFlood, {
        connections: { peaks: { synRecv: 4, tcpEstablished: 9000, tcpTotal: 9100 }, thresholds },
      });
      assert.equal(exhausted.family, null);
      assert.ok(
        exhausted.evidence.some((e) =>
          e.startsWith("9,000 established TCP connections at the peak, threshold 5,000"),
        ),
        exhausted.evidence.join("\n"),
      );
    });

    it("a flood over the packet thresholds keeps its packet verdict and gains the SYN_RECV line", () => {
      const c = classify(
        summaryOf({
          protocols: { tcp: 20_000, udp: 0, icmp: 0, gre: 0, other: 0 },
          tcpFlags: syn(20_000),
          distinctSources: 19_500,
          topSources: crowd(19_500, 242),
          ttlHistogram: [{ ttl: 242, packets: 20_000 }],
        }),
        { connections: { peaks: { synRecv: 4096, tcpEstablished: 1, tcpTotal: 4100 }, thresholds } },
      );
      assert.equal(c.family, "SYN_FLOOD");
      assert.equal(c.detail, null);
      assert.ok(c.evidence.some((e) => e.startsWith("4,096 half-open connections")));
    });
  });
});
