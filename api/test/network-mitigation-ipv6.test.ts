import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { validIntent } from "../src/mitigation/network/intent.ts";
import { type CallRecord, NetworkMitigator } from "../src/mitigation/network/network-mitigator.ts";
import { DEFAULT_LIMITS, RuleQueue } from "../src/mitigation/network/rule-queue.ts";
import { intentSignature } from "../src/mitigation/network/rule-signature.ts";
import { BirdSpeaker } from "../src/mitigation/network/speakers/bird-speaker.ts";
import { ExaBgpSpeaker } from "../src/mitigation/network/speakers/exabgp-speaker.ts";
import { GoBgpSpeaker } from "../src/mitigation/network/speakers/gobgp-speaker.ts";
import type { Speaker } from "../src/mitigation/network/speakers/speaker.ts";
import { BgpLab, bgpLabUnavailable, waitFor } from "./support/bgp-lab.ts";

const skip = process.env.CI ? false : bgpLabUnavailable();

const flow = validIntent({
  kind: "FLOWSPEC",
  match: { destination: "2001:db8:100::5", protocols: [17], sourcePorts: [{ from: 53, to: 53 }] },
  rateBytesPerSecond: 0,
});
const synLimit = validIntent({
  kind: "FLOWSPEC",
  match: {
    destination: "2001:db8:100::6",
    source: "2001:db8:f00::/40",
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
const fragments = validIntent({
  kind: "FLOWSPEC",
  match: { destination: "2001:db8:100::8", fragments: ["IS_FRAGMENT", "LAST_FRAGMENT"] },
  rateBytesPerSecond: 0,
});
const hole = validIntent({
  kind: "RTBH",
  prefix: "2001:db8:100::7",
  nextHop: undefined as never,
  communities: [],
});

const rules = [flow, synLimit, fragments, hole];

function mitigatorFor(speaker: Speaker, calls: CallRecord[]) {
  return new NetworkMitigator(
    new RuleQueue(DEFAULT_LIMITS),
    () => ({
      scope: { ownedPrefixes: ["2001:db8:100::/48"], safelist: ["2001:db8:100::53"] },
      speakers: [speaker],
      providers: [],
    }),
    { save: async () => {}, record: async (call) => void calls.push(call) },
  );
}

/**
 * The same four rules through each speaker over an IPv6 session: announced, checked in the
 * receiver's RIB (components, traffic-rate, next hop 100::1, BLACKHOLE and NO_EXPORT), refused
 * outside the workspace, inside its safelist or with an IPv6 DONT_FRAGMENT, then withdrawn.
 */
async function announceAndWithdraw(
  lab: BgpLab,
  mitigator: NetworkMitigator,
  calls: CallRecord[],
  beforeWithdrawal: () => Promise<void> = async () => {},
) {
  await lab.sessionUp();
  for (const intent of rules) {
    const result = await mitigator.request({ workspaceId: "w", intent, incidentId: "i6", ttlSeconds: 600 });
    assert.ok(result.ok && result.failures.length === 0, JSON.stringify(result));
  }
  await waitFor(() => lab.received().length === 4, "four IPv6 routes at the receiver");
  const routes = lab.received();
  const discard = routes.find((r) => r.net.startsWith("flow6 { dst 2001:db8:100::5/128"));
  assert.match(discard?.net ?? "", /flow6 \{ dst 2001:db8:100::5\/128; next header 17; sport 53; \}/);
  assert.ok(
    discard?.attributes.some((a) => a.includes("(generic, 0x80060000, 0x0)")),
    "traffic-rate 0 = discard",
  );
  const syn = routes.find((r) => r.net.startsWith("flow6 { dst 2001:db8:100::6/128"));
  assert.match(
    syn?.net ?? "",
    /src 2001:db8:f00::\/40; next header 6; dport 80, ?1000\.\.2000; tcp flags 0x2\/0x2; length 40\.\.60;/,
    JSON.stringify(routes),
  );
  assert.ok(
    syn?.attributes.some((a) => a.includes("(generic, 0x80060000, 0x47f42400)")),
    "traffic-rate 125000 B/s",
  );
  const fragment = routes.find((r) => r.net.startsWith("flow6 { dst 2001:db8:100::8/128"));
  // GoBGP and ExaBGP send each bit as "any of" (BIRD shows `!!is_fragment`), BIRD as "all of"
  // (`is_fragment`): for one bit per test the same match.
  assert.match(
    fragment?.net ?? "",
    /fragment (!!)?is_fragment \|\| (!!)?last_fragment;/,
    JSON.stringify(routes),
  );
  const rtbh = routes.find((r) => r.net.startsWith("2001:db8:100::7/128"));
  assert.ok(rtbh, JSON.stringify(routes));
  assert.ok(
    rtbh.attributes.some((a) => /BGP\.next_hop: 100::1\b/.test(a)),
    JSON.stringify(rtbh.attributes),
  );
  const communities = rtbh.attributes.find((a) => a.startsWith("BGP.community")) ?? "";
  assert.match(communities, /\(65535,666\)/, "BLACKHOLE");
  assert.match(communities, /\(65535,65281\)/, "NO_EXPORT");

  // An address in the safelist and one outside the prefixes are refused before any call.
  for (const prefix of ["2001:db8:100::53", "2001:db8:200::1"]) {
    const refused = await mitigator.request({
      workspaceId: "w",
      intent: { kind: "RTBH", prefix, nextHop: undefined as never, communities: [] },
      ttlSeconds: 600,
    });
    assert.ok(!refused.ok, prefix);
  }
  // DONT_FRAGMENT does not exist in IPv6 (RFC 8956): sent anyway, GoBGP and ExaBGP pass it on
  // and the BIRD receiver drops the whole session ("Malformed attribute list"). Refused first.
  const df = await mitigator.request({
    workspaceId: "w",
    intent: {
      kind: "FLOWSPEC",
      match: { destination: "2001:db8:100::9", fragments: ["DONT_FRAGMENT"] },
      rateBytesPerSecond: 0,
    },
    ttlSeconds: 600,
  });
  assert.ok(!df.ok && df.problems[0]?.path === "match.fragments", JSON.stringify(df));
  assert.equal(calls.length, 4);

  await beforeWithdrawal();
  await mitigator.release("i6");
  await waitFor(() => lab.received().length === 0, "all withdrawn");
  assert.equal(calls.filter((c) => c.action === "WITHDRAW" && !c.error).length, 4);
}

/** IPv6: each speaker peers with a BIRD 2 receiver over an IPv6 session in network namespaces. */
describe("network mitigation over IPv6 peering", { skip, concurrency: false, timeout: 240_000 }, () => {
  let lab: BgpLab;
  before(() => {
    lab = new BgpLab({ ipv6: true });
    lab.startReceiver();
  });
  after(async () => {
    await lab?.close();
  });

  it("GoBGP (gRPC): an ipv6-flowspec discard and an RTBH /128 reach the receiver, then are withdrawn", async () => {
    const speaker = new GoBgpSpeaker(lab.startGoBgp());
    const calls: CallRecord[] = [];
    try {
      await announceAndWithdraw(lab, mitigatorFor(speaker, calls), calls);
      assert.deepEqual(
        calls.filter((c) => c.action === "ANNOUNCE").map((c) => c.request?.family),
        ["ipv6-flowspec", "ipv6-flowspec", "ipv6-flowspec", "ipv6-unicast"],
      );
    } finally {
      await speaker.close();
      await lab.stop("gobgpd");
    }
  });

  it("ExaBGP (process API): the same over IPv6, and its adj-rib-out reads back as the intended rules", async () => {
    const { fifo, answers } = lab.startExaBgp();
    const speaker = new ExaBgpSpeaker(fifo, answers);
    const calls: CallRecord[] = [];
    const mitigator = mitigatorFor(speaker, calls);
    try {
      await lab.sessionUp();
      await waitFor(async () => (await speaker.rib()).generation !== "not started", "relay started");
      await mitigator.reconcile("w");
      await announceAndWithdraw(lab, mitigator, calls, async () => {
        // ExaBGP's adj-rib-out (IPv6 prefixes as prefix/length/offset), read back, holds exactly
        // what was intended: reconciliation re-sends nothing.
        const rib = await speaker.rib();
        assert.deepEqual(
          [...(rib.signatures ?? [])].sort(),
          rules.map((i) => intentSignature(i) as string).sort(),
        );
        assert.deepEqual(await mitigator.reconcile("w"), []);
        assert.equal(calls.filter((c) => c.action === "ANNOUNCE").length, 4, "nothing re-sent");
      });
      assert.match(
        String(calls[0]?.request?.command),
        /^announce flow route \{ match \{ destination 2001:db8:100::5\/128;/,
      );
    } finally {
      await speaker.close();
      await lab.stop("exabgp");
    }
  });

  it("BIRD 2 (include file + birdc configure): the same over IPv6 from levee_flowtab6 and levee_rtbh6", async () => {
    const { include, socket } = lab.startBirdSpeaker();
    const speaker = new BirdSpeaker(include, socket);
    const calls: CallRecord[] = [];
    try {
      await announceAndWithdraw(lab, mitigatorFor(speaker, calls), calls);
      assert.deepEqual(calls[0]?.request?.argv, ["birdc", "-s", socket, "configure"]);
    } finally {
      await speaker.close();
      await lab.stop("bird-speaker");
    }
  });
});
