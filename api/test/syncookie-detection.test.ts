import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { engines } from "./databases.ts";
import { createEnrollmentToken, enrollAgent } from "./fixtures.ts";
import { createWorkspace, useTestApi } from "./harness.ts";
import { report, sample } from "./telemetry-client.ts";

const BASELINE = `query($id: ID!) { node(id: $id) { ... on MonitoredNode {
  baseline(metric: SYN_COOKIES) { metric avg p99 samples learning threshold source } } } }`;

/**
 * SYN cookies sent/s as a detection metric, through ingest: what an agent reports of a SYN flood at
 * a listener whose small backlog holds SYN_RECV down (agent/test/syn-cookies-flood.test.ts sends a
 * real one), against a node that learned its quiet seconds, odd cookie and unread seconds included.
 */
for (const engine of engines) {
  describe(`SYN cookies detection (${engine})`, () => {
    const api = useTestApi(engine);

    test("a quiet server's odd cookie stays NORMAL; a flood held at the backlog opens an incident on SYN_COOKIES; a manual threshold applies", async () => {
      const owner = await api.signup(`cookies-${engine}@example.com`);
      const workspaceId = await createWorkspace(api, owner, `cookies-${engine}`);
      const agent = await enrollAgent(api, await createEnrollmentToken(api, owner, workspaceId), "web-1");
      const caller = { token: agent.token };
      const t0 = Math.floor(Date.now() / 60_000) * 60_000 - 8 * 60_000;
      const at = (s: number) => t0 + s * 1000;
      // 300 quiet seconds: 800 pps, a few half-open connections, no cookies but a burst of a few
      // every 50 s, and every tenth second's counters not read (null).
      const quiet = (s: number) =>
        sample(at(s), 800, {
          synRecv: s % 4,
          syncookiesSent: s % 10 === 9 ? null : s % 50 === 0 ? 5 : 0,
        });
      for (let batch = 0; batch < 3; batch++) {
        const r = await report(
          api,
          caller,
          Array.from({ length: 100 }, (_, i) => quiet(batch * 100 + i)),
        );
        assert.equal(r.accepted, 100, JSON.stringify(r));
        assert.equal(r.detection.state, "NORMAL", "the odd cookie is no attack");
      }
      const learned = (await api.gql(BASELINE, { id: agent.nodeId }, owner)).data.node.baseline;
      assert.equal(learned.samples, 300);
      assert.equal(learned.learning, false);
      // The 270 read seconds: 6 of them 5 cookies/s, the rest 0 (the unread 30 not learned as 0).
      assert.ok(Math.abs(learned.avg - 30 / 270) < 1e-9, `avg ${learned.avg}`);
      assert.deepEqual([learned.source, learned.threshold], ["FLOOR", 100]);

      // The flood: ~2,000 SYNs/s, nearly every one a cookie; SYN_RECV at the backlog, the packet
      // rates under their floors.
      const flood = (s: number, syncookiesSent: number | null) =>
        sample(at(s), 2_050, {
          synRecv: 4,
          tcpPps: 2_050,
          udpPps: 0,
          icmpPps: 0,
          otherPps: 0,
          syncookiesSent,
        });
      const opened = await report(api, caller, [flood(300, 1_980)]);
      assert.equal(opened.detection.state, "ATTACK");
      const incident = await api.gql(
        `query($id: ID!) { node(id: $id) { ... on Incident { triggerMetrics severity
           triggerPeaks { metric unit peak thresholdAtPeak } } } }`,
        { id: opened.detection.incidentId },
        owner,
      );
      assert.deepEqual(incident.data.node.triggerMetrics, ["SYN_COOKIES"]);
      assert.deepEqual(incident.data.node.triggerPeaks, [
        { metric: "SYN_COOKIES", unit: "PACKETS_PER_SECOND", peak: 1_980, thresholdAtPeak: 100 },
      ]);
      assert.equal(incident.data.node.severity, "CRITICAL", "1,980 / 100: nearly 20 times");
      // Cookies stop (and some seconds not read): the incident resolves after its quiet period.
      const calm = await report(
        api,
        caller,
        Array.from({ length: 31 }, (_, i) => flood(301 + i, i % 2 ? null : 0)),
      );
      assert.equal(calm.detection.state, "NORMAL");

      // A fixed threshold above the flood (node:update allows up to 10 × the floor): the same flood
      // is only ELEVATED.
      const set = await api.gql(
        `mutation($input: SetNodeThresholdsInput!) { setNodeThresholds(input: $input) { __typename ... on Error { message } } }`,
        { input: { nodeId: agent.nodeId, overrides: [{ metric: "SYN_COOKIES", threshold: 1_000 }] } },
        owner,
      );
      assert.equal(set.data.setNodeThresholds.__typename, "NodePayload", JSON.stringify(set));
      const held = await report(api, caller, [flood(340, 900)]);
      assert.equal(held.detection.state, "ELEVATED");
      const threshold = held.detection.thresholds.find((t: { metric: string }) => t.metric === "SYN_COOKIES");
      assert.deepEqual([threshold.source, threshold.threshold], ["MANUAL", 1_000]);
    });
  });
}
