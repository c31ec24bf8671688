import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { validIntent } from "../src/mitigation/network/intent.ts";
import { type CallRecord, NetworkMitigator } from "../src/mitigation/network/network-mitigator.ts";
import { DEFAULT_LIMITS, type PlannedRule, RuleQueue } from "../src/mitigation/network/rule-queue.ts";
import { intentSignature } from "../src/mitigation/network/rule-signature.ts";
import { BirdSpeaker } from "../src/mitigation/network/speakers/bird-speaker.ts";
import { ExaBgpSpeaker } from "../src/mitigation/network/speakers/exabgp-speaker.ts";
import { GoBgpSpeaker } from "../src/mitigation/network/speakers/gobgp-speaker.ts";
import type { Speaker } from "../src/mitigation/network/speakers/speaker.ts";
import { BgpLab, bgpLabUnavailable, type ReceivedRoute, waitFor } from "./support/bgp-lab.ts";

const skip = process.env.CI ? false : bgpLabUnavailable();
const canonical = validIntent;
const dnsDiscard = canonical({
  kind: "FLOWSPEC",
  match: { destination: "203.0.113.5", protocols: [17], sourcePorts: [{ from: 53, to: 53 }] },
  rateBytesPerSecond: 0,
});
const synLimit = canonical({
  kind: "FLOWSPEC",
  match: {
    destination: "203.0.113.6",
    protocols: [6],
    destinationPorts: [
      { from: 80, to: 80 },
      { from: 1000, to: 2000 },
    ],
    tcpFlags: ["SYN"],
    packetLengths: [{ from: 40, to: 60 }],
  },
  rateBytesPerSecond: 125000,
});
const rtbh = canonical({
  kind: "RTBH",
  prefix: "203.0.113.7",
  nextHop: undefined as never,
  communities: ["65001:42"],
});

const find = (routes: ReceivedRoute[], fragment: string) => routes.find((r) => r.net.includes(fragment));

/** What the receiving router must show for the three rules above. */
function assertReceived(routes: ReceivedRoute[]) {
  const dns = find(routes, "dst 203.0.113.5/32");
  assert.ok(dns, `FlowSpec discard missing: ${JSON.stringify(routes)}`);
  assert.match(dns.net, /flow4 \{ dst 203\.0\.113\.5\/32; proto 17; sport 53; \}/);
  assert.ok(
    dns.attributes.some((a) => a.includes("(generic, 0x80060000, 0x0)")),
    "traffic-rate 0 = discard",
  );
  const syn = find(routes, "dst 203.0.113.6/32");
  assert.ok(syn, "FlowSpec rate-limit missing");
  assert.match(syn.net, /proto 6; dport 80, ?1000\.\.2000; tcp flags 0x2\/0x2; length 40\.\.60;/);
  assert.ok(
    syn.attributes.some((a) => a.includes("(generic, 0x80060000, 0x47f42400)")),
    "traffic-rate 125000 B/s",
  );
  const hole = find(routes, "203.0.113.7/32");
  assert.ok(hole, "RTBH route missing");
  assert.ok(
    hole.attributes.some((a) => /BGP\.next_hop: 192\.0\.2\.1/.test(a)),
    JSON.stringify(hole.attributes),
  );
  const communities = hole.attributes.find((a) => a.startsWith("BGP.community"));
  assert.match(communities ?? "", /\(65001,42\)/);
  assert.match(communities ?? "", /\(65535,666\)/, "BLACKHOLE");
  assert.match(communities ?? "", /\(65535,65281\)/, "NO_EXPORT");
}

const rules = [dnsDiscard, synLimit, rtbh];

function mitigatorFor(speaker: Speaker, calls: CallRecord[], saved: PlannedRule[]) {
  return new NetworkMitigator(
    new RuleQueue(DEFAULT_LIMITS),
    () => ({
      scope: { ownedPrefixes: ["203.0.113.0/24"], safelist: ["203.0.113.53"] },
      speakers: [speaker],
      providers: [],
    }),
    {
      save: async (rule) => void saved.push(structuredClone(rule)),
      record: async (call) => void calls.push(call),
    },
  );
}

describe("network mitigation through real BGP speakers", {
  skip,
  concurrency: false,
  timeout: 240_000,
}, () => {
  let lab: BgpLab;
  before(() => {
    lab = new BgpLab();
    lab.startReceiver();
  });
  after(async () => {
    await lab?.close();
  });

  it("GoBGP (gRPC): FlowSpec and RTBH reach the receiver, are withdrawn, come back after a restart; outside prefixes are refused", async () => {
    const target = lab.startGoBgp();
    const speaker = new GoBgpSpeaker(target);
    const calls: CallRecord[] = [];
    const saved: PlannedRule[] = [];
    const mitigator = mitigatorFor(speaker, calls, saved);
    try {
      await lab.sessionUp();
      const ids: string[] = [];
      for (const intent of rules) {
        const result = await mitigator.request({
          workspaceId: "w",
          intent,
          incidentId: "i1",
          ttlSeconds: 600,
        });
        assert.ok(result.ok && result.failures.length === 0, JSON.stringify(result));
        ids.push(result.rule.id);
      }
      await waitFor(() => lab.received().length === 3, "three routes at the receiver");
      assertReceived(lab.received());
      // The speaker's own RIB, read back over gRPC, holds exactly what was intended.
      const rib = await speaker.rib();
      for (const intent of rules)
        assert.ok(rib.signatures?.has(intentSignature(intent) ?? ""), intentSignature(intent));
      assert.deepEqual(await mitigator.reconcile("w"), []);
      assert.equal(
        calls.filter((c) => c.action === "ANNOUNCE").length,
        3,
        "nothing re-sent when the RIB is right",
      );
      assert.equal(calls[0]?.request?.method, "AddPath");
      assert.ok(saved.length >= 3, "intended state saved before the calls");

      const outside = await mitigator.request({
        workspaceId: "w",
        intent: { kind: "RTBH", prefix: "198.51.100.9", nextHop: undefined as never, communities: [] },
        ttlSeconds: 600,
      });
      assert.ok(!outside.ok);
      assert.match(outside.problems[0]?.message ?? "", /outside the workspace's verified prefixes/);

      // Restart: GoBGP's RIB is in memory, so the routes are gone until reconciliation.
      await lab.stop("gobgpd");
      await waitFor(() => lab.received().length === 0, "routes gone after the speaker stopped");
      lab.startGoBgp();
      await lab.sessionUp();
      await waitFor(
        async () => (await mitigator.reconcile("w")).length === 0,
        "reconciliation against the restarted speaker",
      );
      await waitFor(() => lab.received().length === 3, "routes re-announced after the restart");
      assertReceived(lab.received());

      await mitigator.withdraw(ids[0] as string, "operator");
      await mitigator.release("i1");
      await waitFor(() => lab.received().length === 0, "all withdrawn");
      assert.deepEqual([...((await speaker.rib()).signatures ?? [])], []);
      assert.ok(calls.some((c) => c.action === "WITHDRAW" && c.request?.method === "DeletePath"));
    } finally {
      await speaker.close();
      await lab.stop("gobgpd");
    }
  });

  it("GoBGP down: a clear error, and the rule stays intended for the next reconciliation", async () => {
    const speaker = new GoBgpSpeaker(`unix://${lab.path("nobody.sock")}`, { deadlineMs: 2000 });
    const calls: CallRecord[] = [];
    const mitigator = mitigatorFor(speaker, calls, []);
    const result = await mitigator.request({
      workspaceId: "w",
      intent: dnsDiscard,
      incidentId: "i2",
      ttlSeconds: 600,
    });
    assert.ok(result.ok);
    assert.match(result.failures[0] ?? "", /unreachable|deadline/);
    assert.equal(result.rule.state, "ANNOUNCED", "intended");
    assert.match(calls[0]?.error ?? "", /gobgp/);
    await speaker.close();
  });

  it("ExaBGP (process API): announce, withdraw, re-announce after a restart; refused commands and a stopped ExaBGP are errors", async () => {
    const { fifo, answers } = lab.startExaBgp();
    const speaker = new ExaBgpSpeaker(fifo, answers);
    const calls: CallRecord[] = [];
    const mitigator = mitigatorFor(speaker, calls, []);
    try {
      await lab.sessionUp();
      await waitFor(async () => (await speaker.rib()).generation !== "not started", "relay started");
      await mitigator.reconcile("w");
      for (const intent of rules) {
        const result = await mitigator.request({
          workspaceId: "w",
          intent,
          incidentId: "i3",
          ttlSeconds: 600,
        });
        assert.ok(result.ok && result.failures.length === 0, JSON.stringify(result));
      }
      await waitFor(() => lab.received().length === 3, "three routes at the receiver");
      assertReceived(lab.received());
      assert.match(
        String(calls[0]?.request?.command),
        /^announce flow route \{ match \{ destination 203\.0\.113\.5\/32;/,
      );
      // ExaBGP's adj-rib-out, read back, holds exactly what was intended: nothing is re-sent.
      const rib = await speaker.rib();
      assert.deepEqual(
        [...(rib.signatures ?? [])].sort(),
        rules.map((intent) => intentSignature(intent) as string).sort(),
      );
      assert.deepEqual(await mitigator.reconcile("w"), []);
      assert.equal(calls.filter((c) => c.action === "ANNOUNCE").length, 3, "nothing re-sent");

      await lab.stop("exabgp");
      await waitFor(() => lab.received().length === 0, "routes gone with ExaBGP");
      await assert.rejects(speaker.announce(dnsDiscard), /ExaBGP is not running/);
      lab.startExaBgp();
      await lab.sessionUp();
      await waitFor(
        async () => (await mitigator.reconcile("w")).length === 0 && lab.received().length === 3,
        "re-announced after restart",
      );
      assertReceived(lab.received());

      await mitigator.release("i3");
      await waitFor(() => lab.received().length === 0, "withdrawn");
    } finally {
      await speaker.close();
      await lab.stop("exabgp");
    }
  });

  it("BIRD 2 (include file + birdc configure): routes reach the receiver and are withdrawn", async () => {
    const { include, socket } = lab.startBirdSpeaker();
    const speaker = new BirdSpeaker(include, socket);
    const calls: CallRecord[] = [];
    const mitigator = mitigatorFor(speaker, calls, []);
    try {
      await lab.sessionUp();
      for (const intent of rules) {
        const result = await mitigator.request({
          workspaceId: "w",
          intent,
          incidentId: "i4",
          ttlSeconds: 600,
        });
        assert.ok(result.ok && result.failures.length === 0, JSON.stringify(result));
      }
      await waitFor(() => lab.received().length === 3, "three routes at the receiver");
      assertReceived(lab.received());
      assert.deepEqual(calls[0]?.request?.argv, ["birdc", "-s", socket, "configure"]);
      // BIRD re-reads the file when it restarts: the routes come back on their own.
      await lab.stop("bird-speaker");
      await waitFor(() => lab.received().length === 0, "routes gone with the speaker");
      lab.startBirdSpeaker();
      await lab.sessionUp();
      await waitFor(() => lab.received().length === 3, "routes back after restart");
      await mitigator.release("i4");
      await waitFor(() => lab.received().length === 0, "withdrawn");
    } finally {
      await speaker.close();
      await lab.stop("bird-speaker");
    }
  });
});
