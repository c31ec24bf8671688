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

  it("says when there is no attack, and why", () => {
    const text = summarizeIncidentText(
      classify(summaryOf({ protocols: { tcp: 10, udp: 0, icmp: 0, gre: 0, other: 0 } })),
    );
    assert.match(text, /^No attack recognised \(10 pps\)\. Traffic is below threshold/);
  });
});
