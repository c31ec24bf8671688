import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { randomTtls, summaryOf } from "../../test/summaries.ts";
import { classify } from "./classifier.ts";
import { summarizeIncidentText } from "./incident-text.ts";

describe("summarizeIncidentText", () => {
  it("tells the family, confidence, rate, spoofing and top sources in a few sentences", () => {
    const c = classify(
      summaryOf({
        protocols: { tcp: 0, udp: 9000, icmp: 0, gre: 0, other: 0 },
        distinctSources: 5000,
        topSources: [{ ip: "203.0.113.9", packets: 900, bytes: 9e4, ttls: [12, 200] }],
        ttlHistogram: randomTtls(9000),
      }),
    );
    const text = summarizeIncidentText(c);
    assert.match(text, /^UDP flood — to many ports, confidence 100%, at 9\.0k pps/);
    assert.match(text, /5,000 distinct sources, spoofed \(score \d+\)/);
    assert.match(text, /Top sources: 203\.0\.113\.9 \(10%\)/);
  });

  it("counts a small source's packets in words that agree with the number", () => {
    const c = classify(
      summaryOf({
        protocols: { tcp: 0, udp: 20000, icmp: 0, gre: 0, other: 0 },
        topSources: [
          { ip: "203.0.113.9", packets: 19_990, bytes: 2e6, ttls: [60] },
          { ip: "fe80::1", packets: 1, bytes: 100, ttls: [255] },
          { ip: "fe80::2", packets: 2, bytes: 200, ttls: [255] },
        ],
      }),
    );
    const text = summarizeIncidentText(c);
    assert.match(text, /fe80::1 \(1 packet\)/);
    assert.match(text, /fe80::2 \(2 packets\)/);
  });

  it("says when there is no attack, and why", () => {
    const text = summarizeIncidentText(
      classify(summaryOf({ protocols: { tcp: 10, udp: 0, icmp: 0, gre: 0, other: 0 } })),
    );
    assert.match(text, /^No attack recognised \(10 pps\)\. Traffic is below threshold/);
  });
});
