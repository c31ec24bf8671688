import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { eventFromAudit, mergeEvents } from "./network-events";

describe("network mitigation event log", () => {
  it("reads audit entries: announced, withdrawn, or failed with the speaker's error", () => {
    const base = { id: "a1", createdAt: "2026-11-30T08:00:00.000Z" };
    assert.deepEqual(
      eventFromAudit({
        ...base,
        action: "mitigation.announce",
        summary: { rule: "flowspec dst 203.0.113.10/32 discard", target: "edge" },
      }),
      {
        key: "a1",
        kind: "ANNOUNCED",
        target: "edge",
        detail: "flowspec dst 203.0.113.10/32 discard",
        at: base.createdAt,
      },
    );
    assert.equal(eventFromAudit({ ...base, action: "mitigation.withdraw", summary: {} }).kind, "WITHDRAWN");
    const failed = eventFromAudit({
      ...base,
      action: "mitigation.announce",
      summary: { error: "connection refused" },
    });
    assert.equal(failed.kind, "FAILED");
    assert.equal(failed.detail, "connection refused");
  });

  it("merges live events with history, newest first, each call once", () => {
    const history = [
      { key: "h1", kind: "ANNOUNCED" as const, target: "edge", detail: "r", at: "2026-11-30T08:00:00.100Z" },
      { key: "h0", kind: "FAILED" as const, target: "edge", detail: "x", at: "2026-11-30T07:00:00.000Z" },
    ];
    // The same call as h1 seen live (its time stamped a few ms apart), and a newer one.
    const live = [
      { key: "l1", kind: "ANNOUNCED" as const, target: "edge", detail: "r", at: "2026-11-30T08:00:00.200Z" },
      { key: "l2", kind: "WITHDRAWN" as const, target: "edge", detail: "r", at: "2026-11-30T09:00:00.000Z" },
    ];
    assert.deepEqual(
      mergeEvents(live, history).map((e) => e.key),
      ["l2", "l1", "h0"],
    );
    assert.equal(mergeEvents(live, history, 1).length, 1);
  });
});
