import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { validIntent } from "../src/mitigation/network/intent.ts";
import { type CallRecord, NetworkMitigator } from "../src/mitigation/network/network-mitigator.ts";
import { DEFAULT_LIMITS, RuleQueue } from "../src/mitigation/network/rule-queue.ts";
import { GoBgpSpeaker } from "../src/mitigation/network/speakers/gobgp-speaker.ts";
import { BgpLab, bgpLabUnavailable, waitFor } from "./support/bgp-lab.ts";

const skip = process.env.CI ? false : bgpLabUnavailable();

/**
 * IPv6: GoBGP (driven over gRPC) peers with a BIRD 2 receiver over an IPv6 session in network
 * namespaces and sends an ipv6-flowspec discard and an ipv6-unicast RTBH /128.
 */
describe("network mitigation over IPv6 peering", { skip, concurrency: false, timeout: 180_000 }, () => {
  let lab: BgpLab;
  before(() => {
    lab = new BgpLab({ ipv6: true });
    lab.startReceiver();
  });
  after(async () => {
    await lab?.close();
  });

  it("GoBGP: a FlowSpec discard and an RTBH /128 reach the receiver with their components and communities, then are withdrawn", async () => {
    const speaker = new GoBgpSpeaker(lab.startGoBgp());
    const calls: CallRecord[] = [];
    const mitigator = new NetworkMitigator(
      new RuleQueue(DEFAULT_LIMITS),
      () => ({
        scope: { ownedPrefixes: ["2001:db8:100::/48"], safelist: ["2001:db8:100::53"] },
        speakers: [speaker],
        providers: [],
      }),
      { save: async () => {}, record: async (call) => void calls.push(call) },
    );
    try {
      await lab.sessionUp();
      const flow = validIntent({
        kind: "FLOWSPEC",
        match: { destination: "2001:db8:100::5", protocols: [17], sourcePorts: [{ from: 53, to: 53 }] },
        rateBytesPerSecond: 0,
      });
      const hole = validIntent({
        kind: "RTBH",
        prefix: "2001:db8:100::7",
        nextHop: undefined as never,
        communities: [],
      });
      for (const intent of [flow, hole]) {
        const result = await mitigator.request({
          workspaceId: "w",
          intent,
          incidentId: "i6",
          ttlSeconds: 600,
        });
        assert.ok(result.ok && result.failures.length === 0, JSON.stringify(result));
      }
      await waitFor(() => lab.received().length === 2, "two IPv6 routes at the receiver");
      const routes = lab.received();
      const discard = routes.find((r) => r.net.startsWith("flow6"));
      assert.match(discard?.net ?? "", /flow6 \{ dst 2001:db8:100::5\/128; next header 17; sport 53; \}/);
      assert.ok(
        discard?.attributes.some((a) => a.includes("(generic, 0x80060000, 0x0)")),
        "traffic-rate 0 = discard",
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
      assert.deepEqual(
        calls.map((c) => c.request?.family),
        ["ipv6-flowspec", "ipv6-unicast"],
      );

      // An address in the safelist and one outside the prefixes are refused before any call.
      for (const prefix of ["2001:db8:100::53", "2001:db8:200::1"]) {
        const refused = await mitigator.request({
          workspaceId: "w",
          intent: { kind: "RTBH", prefix, nextHop: undefined as never, communities: [] },
          ttlSeconds: 600,
        });
        assert.ok(!refused.ok, prefix);
      }
      assert.equal(calls.length, 2);

      await mitigator.release("i6");
      await waitFor(() => lab.received().length === 0, "both withdrawn");
    } finally {
      await speaker.close();
      await lab.stop("gobgpd");
    }
  });
});
