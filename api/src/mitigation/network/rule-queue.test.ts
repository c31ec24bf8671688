import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { DEFAULT_POLICY, levelFor } from "./escalation.ts";
import { checkGuardrails, verificationProblem } from "./guardrails.ts";
import { validIntent } from "./intent.ts";
import { type QueueLimits, RuleQueue } from "./rule-queue.ts";

const canonical = validIntent;
const flow = (dst: string, rate = 0) =>
  canonical({ kind: "FLOWSPEC", match: { destination: dst, protocols: [17] }, rateBytesPerSecond: rate });
const limits: QueueLimits = {
  windowMs: 60_000,
  perWindow: 3,
  maxActive: 10,
  maxPending: 20,
};
const ids = () => {
  let n = 0;
  return () => `r${++n}`;
};

describe("rule queue", () => {
  it("aggregates a multi-node attack on one target into one rule and de-duplicates repeats", () => {
    const q = new RuleQueue(limits, ids());
    const a = q.request(
      { workspaceId: "w", intent: flow("203.0.113.5"), incidentId: "i1", ttlSeconds: 600 },
      0,
    );
    assert.equal(a.outcome, "QUEUED");
    assert.deepEqual(
      a.steps.map((s) => s.type),
      ["ANNOUNCE"],
    );
    const b = q.request(
      { workspaceId: "w", intent: flow("203.0.113.5"), incidentId: "i2", ttlSeconds: 900 },
      1000,
    );
    assert.equal(b.outcome, "MERGED");
    assert.equal(b.steps.length, 0);
    const again = q.request(
      { workspaceId: "w", intent: flow("203.0.113.5"), incidentId: "i2", ttlSeconds: 60 },
      2000,
    );
    assert.equal(again.outcome, "MERGED");
    const rule = q.get("r1");
    assert.deepEqual(rule?.incidentIds, ["i1", "i2"]);
    assert.equal(rule?.expiresAt, 901_000, "the longest TTL wins");
    // Another workspace gets its own rule for the same target.
    assert.equal(
      q.request({ workspaceId: "v", intent: flow("203.0.113.5"), incidentId: "i9", ttlSeconds: 60 }, 0)
        .outcome,
      "QUEUED",
    );
  });

  it("escalates rate-limit → discard in place and never steps down", () => {
    const q = new RuleQueue(limits, ids());
    q.request(
      { workspaceId: "w", intent: flow("203.0.113.5", 125000), incidentId: "i1", ttlSeconds: 600 },
      0,
    );
    const up = q.request(
      { workspaceId: "w", intent: flow("203.0.113.5", 0), incidentId: "i1", ttlSeconds: 600 },
      1,
    );
    assert.equal(up.outcome, "ESCALATED");
    assert.deepEqual(
      up.steps.map((s) => [s.type, s.rule.level]),
      [["ANNOUNCE", "DISCARD"]],
    );
    const down = q.request(
      { workspaceId: "w", intent: flow("203.0.113.5", 125000), incidentId: "i1", ttlSeconds: 600 },
      2,
    );
    assert.equal(down.outcome, "MERGED");
    assert.equal(q.get("r1")?.level, "DISCARD");
  });

  it("holds a rule storm to the sliding window and releases the rest as it slides", () => {
    const q = new RuleQueue(limits, ids());
    let announced = 0;
    for (let i = 0; i < 8; i++)
      announced += q.request(
        { workspaceId: "w", intent: flow(`203.0.113.${i}`), incidentId: `i${i}`, ttlSeconds: 600 },
        i * 100,
      ).steps.length;
    assert.equal(announced, 3, "3 per minute per workspace");
    assert.equal(q.tick(30_000).length, 0, "window still full");
    assert.equal(q.tick(60_001).length, 1, "one more once the first announcement slid out");
    assert.equal(q.tick(60_201).length, 2, "then the next two");
    assert.equal(q.tick(200_000).length, 2, "the last two a window later");
  });

  it("a first announcement the platform-wide window refused waits again and frees its workspace place", () => {
    const q = new RuleQueue(limits, ids());
    const steps = [0, 1, 2].flatMap(
      (i) =>
        q.request(
          { workspaceId: "w", intent: flow(`203.0.113.${i}`), incidentId: `i${i}`, ttlSeconds: 600 },
          0,
        ).steps,
    );
    assert.deepEqual(
      steps.map((s) => s.type === "ANNOUNCE" && s.first),
      [true, true, true],
    );
    // The platform-wide window let the first out only.
    for (const step of steps.slice(1)) q.defer(step.rule);
    assert.deepEqual(
      q.list("w").map((r) => [r.state, r.announcedAt]),
      [
        ["ANNOUNCED", 0],
        ["PENDING", null],
        ["PENDING", null],
      ],
    );
    // Their places in the workspace's window are free again: the next tick offers both.
    const again = q.tick(1000);
    assert.deepEqual(
      again.map((s) => s.rule.id),
      ["r2", "r3"],
    );
    // An escalation re-announces: not a first announcement.
    const limited = new RuleQueue(limits, ids());
    limited.request(
      { workspaceId: "w", intent: flow("203.0.113.9", 1000), incidentId: "a", ttlSeconds: 600 },
      0,
    );
    const escalated = limited.request(
      { workspaceId: "w", intent: flow("203.0.113.9", 0), incidentId: "a", ttlSeconds: 600 },
      10,
    );
    assert.equal(escalated.outcome, "ESCALATED");
    assert.deepEqual(
      escalated.steps.map((s) => s.type === "ANNOUNCE" && s.first === true),
      [false],
    );
  });

  it("refuses beyond the per-workspace quota and the pending bound", () => {
    const q = new RuleQueue({ ...limits, maxActive: 4, maxPending: 2 }, ids());
    const outcomes = Array.from({ length: 6 }, (_, i) =>
      q.request(
        { workspaceId: "w", intent: flow(`203.0.113.${i}`), incidentId: `i${i}`, ttlSeconds: 600 },
        0,
      ),
    );
    assert.deepEqual(
      outcomes.map((o) => o.outcome),
      ["QUEUED", "QUEUED", "QUEUED", "QUEUED", "REFUSED", "REFUSED"],
    );
    assert.match(outcomes[4]?.outcome === "REFUSED" ? outcomes[4].reason : "", /quota: 4/);
    const p = new RuleQueue({ ...limits, perWindow: 1, maxPending: 2 }, ids());
    const r = Array.from(
      { length: 4 },
      (_, i) =>
        p.request(
          { workspaceId: "w", intent: flow(`203.0.113.${i}`), incidentId: `i${i}`, ttlSeconds: 600 },
          0,
        ).outcome,
    );
    assert.deepEqual(r, ["QUEUED", "QUEUED", "QUEUED", "REFUSED"]);
  });

  it("withdraws on TTL, by hand, and when the last incident behind a rule resolves", () => {
    const q = new RuleQueue(limits, ids());
    q.request({ workspaceId: "w", intent: flow("203.0.113.1"), incidentId: "i1", ttlSeconds: 60 }, 0);
    q.request({ workspaceId: "w", intent: flow("203.0.113.2"), incidentId: "i1", ttlSeconds: 600 }, 0);
    q.request({ workspaceId: "w", intent: flow("203.0.113.2"), incidentId: "i2", ttlSeconds: 600 }, 0);
    q.request({ workspaceId: "w", intent: flow("203.0.113.3"), ttlSeconds: 600 }, 0);
    const expired = q.tick(60_000);
    assert.deepEqual(
      expired.map((s) => [s.type, s.rule.id, s.rule.withdrawReason]),
      [["WITHDRAW", "r1", "ttl expired"]],
    );
    assert.equal(q.release("i1", 61_000).length, 0, "i2 still holds r2");
    assert.deepEqual(
      q.release("i2", 62_000).map((s) => s.rule.id),
      ["r2"],
    );
    assert.equal(q.get("r3")?.state, "ANNOUNCED", "a manual rule outlives incidents");
    assert.deepEqual(
      q.withdraw("r3", "operator", 63_000).map((s) => s.type),
      ["WITHDRAW"],
    );
    assert.deepEqual(q.withdraw("r3", "operator", 64_000), [], "twice is a no-op");
    q.prune();
    assert.equal(q.list().length, 0);
  });

  it("a pending rule withdrawn before its turn is never announced", () => {
    const q = new RuleQueue({ ...limits, perWindow: 1 }, ids());
    q.request({ workspaceId: "w", intent: flow("203.0.113.1"), incidentId: "i1", ttlSeconds: 600 }, 0);
    q.request({ workspaceId: "w", intent: flow("203.0.113.2"), incidentId: "i2", ttlSeconds: 600 }, 0);
    assert.deepEqual(q.release("i2", 1), []);
    assert.deepEqual(q.tick(120_000), []);
  });
});

describe("escalation", () => {
  it("steps up by duration and volume, capped by maxLevel", () => {
    const policy = { ...DEFAULT_POLICY, maxLevel: "SCRUBBING" as const };
    assert.equal(levelFor(policy, { peakPps: 1e3, peakBps: 1e6, durationSeconds: 0 }), "RATE_LIMIT");
    assert.equal(levelFor(policy, { peakPps: 1e3, peakBps: 1e6, durationSeconds: 45 }), "DISCARD");
    assert.equal(
      levelFor(policy, { peakPps: 1e3, peakBps: 1e6, durationSeconds: 900 }),
      "DISCARD",
      "long but small",
    );
    assert.equal(levelFor(policy, { peakPps: 1e6, peakBps: 6e9, durationSeconds: 400 }), "RTBH");
    assert.equal(levelFor(policy, { peakPps: 1e6, peakBps: 20e9, durationSeconds: 700 }), "SCRUBBING");
    assert.equal(
      levelFor(DEFAULT_POLICY, { peakPps: 1e6, peakBps: 20e9, durationSeconds: 700 }),
      "DISCARD",
      "default cap",
    );
    assert.equal(
      levelFor(
        { ...DEFAULT_POLICY, steps: [{ level: "DISCARD", afterSeconds: 10, minPps: 0, minBps: 0 }] },
        { peakPps: 1, peakBps: 1, durationSeconds: 5 },
      ),
      null,
    );
  });
});

describe("guardrails", () => {
  const scope = {
    ownedPrefixes: ["203.0.113.0/24", "2001:db8:1::/48"],
    safelist: ["203.0.113.53"],
    escalated: false,
  };
  it("allows host rules inside a verified prefix", () => {
    assert.deepEqual(checkGuardrails(flow("203.0.113.5"), scope), []);
    assert.deepEqual(
      checkGuardrails(
        canonical({ kind: "RTBH", prefix: "2001:db8:1::7", nextHop: undefined as never, communities: [] }),
        scope,
      ),
      [],
    );
  });
  it("refuses targets outside the workspace's prefixes, wider than a host unless escalated, and safelisted ones", () => {
    assert.match(
      checkGuardrails(flow("198.51.100.5"), scope)[0]?.message ?? "",
      /outside the workspace's verified prefixes/,
    );
    assert.match(
      checkGuardrails(flow("203.0.113.0/25"), scope)[0]?.message ?? "",
      /must be a \/32 unless the rule is escalated/,
    );
    assert.deepEqual(checkGuardrails(flow("203.0.113.128/25"), { ...scope, escalated: true }), []);
    assert.match(
      checkGuardrails(flow("203.0.113.0/24"), { ...scope, escalated: true, widest: { 4: 25, 6: 64 } })[0]
        ?.message ?? "",
      /wider than \/25/,
    );
    assert.match(
      checkGuardrails(flow("203.0.113.53"), scope)[0]?.message ?? "",
      /overlaps safelisted 203\.0\.113\.53\/32/,
    );
    const fromSafe = canonical({
      kind: "FLOWSPEC",
      match: { destination: "203.0.113.5", source: "203.0.113.0/26" },
      rateBytesPerSecond: 0,
    });
    assert.equal(checkGuardrails(fromSafe, scope)[0]?.path, "match.source");
    assert.deepEqual(checkGuardrails(canonical({ kind: "SCRUBBING", prefix: "203.0.113.0/24" }), scope), []);
    assert.match(
      checkGuardrails(canonical({ kind: "SCRUBBING", prefix: "203.0.113.0/25" }), scope)[0]?.message ?? "",
      /whole verified prefix/,
    );
  });
  it("verifies a declared prefix against the operator's allow-list and other workspaces", () => {
    assert.equal(verificationProblem("203.0.113.0/24", ["203.0.112.0/22"], []), undefined);
    assert.match(verificationProblem("198.51.100.0/24", ["203.0.112.0/22"], []) ?? "", /not covered/);
    assert.match(
      verificationProblem("203.0.113.0/24", ["203.0.112.0/22"], ["203.0.113.128/25"]) ?? "",
      /another workspace/,
    );
    assert.match(verificationProblem("nope", [], []) ?? "", /not a prefix/);
  });
});
