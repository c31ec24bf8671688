import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { describeListenQueue, summariseListenQueue } from "./listen-queue-summary";

describe("SYN cookies and listen overflows: the text alternative", () => {
  it("says the latest and the highest second, from each bucket's own peak, and what cookies mean", () => {
    const summary = summariseListenQueue([0, 300, 20], [0, 5, 1], [0, 1530, 20], [0, 9, 1]);
    assert.deepEqual(summary, {
      read: 3,
      latestSyncookies: 20,
      latestOverflows: 1,
      peakSyncookies: 1530,
      peakOverflows: 9,
    });
    assert.equal(
      describeListenQueue(summary),
      "SYN cookies sent: 20/s latest, 1.53 k/s at the highest second; listen overflows: 1/s latest, 9/s at the highest. SYN cookies mean a SYN queue was full: strong sign of a SYN flood.",
    );
  });

  it("not read is said, never drawn or written as zero", () => {
    const none = summariseListenQueue([null, undefined], [null, null]);
    assert.equal(none.read, 0);
    assert.equal(
      describeListenQueue(none),
      "SYN cookies and listen overflows: not read by this node's agent in this range.",
    );
    const calm = summariseListenQueue([0, null], [0, null]);
    assert.equal(
      describeListenQueue(calm),
      "SYN cookies sent: 0/s latest, 0/s at the highest second; listen overflows: 0/s latest, 0/s at the highest.",
    );
  });
});
