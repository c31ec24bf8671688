import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { summaryOf } from "../../test/summaries.ts";
import { captureSummarySchema, MAX_TOP_SOURCES } from "./capture-summary.ts";
import { emptySummary, mergeSummaries } from "./merge-summaries.ts";

const a = summaryOf({
  protocols: { tcp: 100, udp: 10, icmp: 0, gre: 0, other: 0 },
  distinctSources: 40,
  topSources: [
    { ip: "192.0.2.1", packets: 60, bytes: 6000, ttls: [50] },
    { ip: "192.0.2.2", packets: 30, bytes: 3000, ttls: [60] },
  ],
  topSourcePorts: [{ protocol: "TCP", port: 80, packets: 100 }],
  ttlHistogram: [{ ttl: 50, packets: 60 }],
  signatures: [{ name: "HTTP_REQUEST", packets: 5 }],
  protocolSources: { tcp: 30, udp: 10, icmp: 0, gre: 0, other: 0 },
});
const b = summaryOf({
  protocols: { tcp: 0, udp: 50, icmp: 5, gre: 0, other: 0 },
  distinctSources: 25,
  topSources: [
    { ip: "192.0.2.1", packets: 40, bytes: 4000, ttls: [51] },
    { ip: "192.0.2.3", packets: 10, bytes: 1000, ttls: [70] },
  ],
  topSourcePorts: [{ protocol: "UDP", port: 53, packets: 50 }],
  ttlHistogram: [
    { ttl: 50, packets: 10 },
    { ttl: 40, packets: 45 },
  ],
  signatures: [{ name: "DNS_RESPONSE", packets: 50 }],
  protocolSources: { tcp: 0, udp: 25, icmp: 1, gre: 0, other: 0 },
});

describe("mergeSummaries", () => {
  it("adds counters and seconds, merges histograms and signatures", () => {
    const m = mergeSummaries(a, b);
    assert.equal(m.seconds, 2);
    assert.equal(m.packets, 165);
    assert.deepEqual(m.protocols, { tcp: 100, udp: 60, icmp: 5, gre: 0, other: 0 });
    assert.deepEqual(m.ttlHistogram, [
      { ttl: 40, packets: 45 },
      { ttl: 50, packets: 70 },
    ]);
    assert.deepEqual(m.signatures, [
      { name: "DNS_RESPONSE", packets: 50 },
      { name: "HTTP_REQUEST", packets: 5 },
    ]);
    assert.deepEqual(m.protocolSources, { tcp: 30, udp: 25, icmp: 1, gre: 0, other: 0 });
    assert.ok(captureSummarySchema.safeParse(m).success);
  });

  it("merges top sources by address, with their TTLs, and keeps distinct sources a lower bound", () => {
    const m = mergeSummaries(a, b);
    assert.deepEqual(m.topSources[0], { ip: "192.0.2.1", packets: 100, bytes: 10000, ttls: [50, 51] });
    assert.equal(m.distinctSources, 40);
    assert.equal(m.distinctSourcesExact, false);
  });

  it("has the empty summary as identity and keeps lists within their caps", () => {
    assert.deepEqual({ ...mergeSummaries(emptySummary(), a), seconds: 1 }, a);
    let many = emptySummary();
    for (let i = 0; i < 50; i++) {
      many = mergeSummaries(
        many,
        summaryOf({
          packets: 1,
          distinctSources: 1,
          topSources: [{ ip: `10.0.0.${i}`, packets: i + 1, bytes: 1, ttls: [1] }],
        }),
      );
    }
    assert.equal(many.topSources.length, MAX_TOP_SOURCES);
    assert.equal(many.topSources[0]?.ip, "10.0.0.49");
    assert.ok(many.distinctSources >= MAX_TOP_SOURCES && many.distinctSources <= 50, "a lower bound");
  });
});
