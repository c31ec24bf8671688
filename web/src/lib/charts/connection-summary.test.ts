import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { describeConnections, summariseConnections } from "./connection-summary";

describe("summariseConnections", () => {
  it("takes the newest counted point and the highest SYN_RECV", () => {
    const summary = summariseConnections([3, 900, 12], [40, 41, 42], [60, 1000, 70]);
    assert.deepEqual(summary, {
      points: 3,
      counted: 3,
      latest: { synRecv: 12, tcpEstablished: 42, tcpTotal: 70 },
      peakSynRecv: 900,
    });
    assert.equal(
      describeConnections(summary),
      "Latest: 12 half-open (SYN_RECV), 42 established, 70 TCP sockets in all. Highest SYN_RECV second in this range: 900.",
    );
  });

  it("takes the highest SYN_RECV from each bucket's own peak, not its average", () => {
    const summary = summariseConnections([2.5, 4], [40, 40], [60, 60], [4000, 9]);
    assert.equal(summary.peakSynRecv, 4000);
    assert.deepEqual(summary.latest, { synRecv: 4, tcpEstablished: 40, tcpTotal: 60 });
  });

  it("says counts are missing instead of reading them as zero", () => {
    const summary = summariseConnections([null, null], [null, null], [null, null]);
    assert.deepEqual(summary, { points: 2, counted: 0, latest: null, peakSynRecv: null });
    assert.match(describeConnections(summary), /^No TCP connection counts in this range: .* 2 points/);
  });

  it("counts the points without counts and keeps the latest counted one", () => {
    const summary = summariseConnections([5, 7, null], [10, 11, null], [20, 21, null]);
    assert.deepEqual(summary.latest, { synRecv: 7, tcpEstablished: 11, tcpTotal: 21 });
    assert.equal(summary.counted, 2);
    assert.match(describeConnections(summary), /1 of 3 points have no counts \(gaps in the chart\)\.$/);
  });

  it("writes averaged counts with a decimal and large ones with separators", () => {
    const summary = summariseConnections([0.5], [12_345.4], [20_000]);
    assert.match(
      describeConnections(summary),
      /^Latest: 0\.5 half-open \(SYN_RECV\), 12,345 established, 20,000 TCP/,
    );
  });

  it("says an empty range has no traffic", () => {
    assert.equal(describeConnections(summariseConnections([], [], [])), "No traffic in this range.");
  });
});
