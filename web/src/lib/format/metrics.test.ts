import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { formatMetricValue } from "./metrics";

describe("formatMetricValue", () => {
  it("gives rates their unit and connection counts none", () => {
    assert.equal(formatMetricValue("BPS", 2.5e9), "2.50 Gbps");
    assert.equal(formatMetricValue("PPS", 12_345), "12.3 kpps");
    assert.equal(formatMetricValue("UDP_PPS", 950), "950 pps");
    assert.equal(formatMetricValue("TCP_SOCKETS", 30_000), "30,000");
    assert.equal(formatMetricValue("TCP_ESTABLISHED", 5), "5");
    assert.equal(formatMetricValue("SYN_RECV", 2.75), "2.8");
    assert.equal(formatMetricValue("SYN_RECV", 150.4), "150");
    assert.equal(formatMetricValue("TCP_SOCKETS", Number.NaN), "–");
  });

  it("gives SYN cookies sent per second as the connection chart does", () => {
    assert.equal(formatMetricValue("SYN_COOKIES", 100), "100/s");
    assert.equal(formatMetricValue("SYN_COOKIES", 1_980), "1.98 k/s");
    assert.equal(formatMetricValue("SYN_COOKIES", 0.25), "0.3/s");
    assert.equal(formatMetricValue("SYN_COOKIES", Number.NaN), "–");
  });
});
