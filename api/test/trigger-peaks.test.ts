import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { engines } from "./databases.ts";
import { createEnrollmentToken, enrollAgent, rawId } from "./fixtures.ts";
import { createWorkspace, useTestApi } from "./harness.ts";
import { report, sample } from "./telemetry-client.ts";

const INCIDENT = `query($id: ID!) { node(id: $id) { ... on Incident { status peakPps triggerMetrics
  triggerPeaks { metric unit peak thresholdAtPeak } } } }`;

for (const engine of engines) {
  describe(`incident trigger peaks (${engine})`, () => {
    const api = useTestApi(engine);

    test("a host-wide TCP flood the sampled interface barely saw keeps its TCP and SYN_RECV peaks, from the opening on", async () => {
      const owner = await api.signup(`peaks-${engine}@example.com`);
      const workspaceId = await createWorkspace(api, owner, `peaks-${engine}`);
      const agent = await enrollAgent(api, await createEnrollmentToken(api, owner, workspaceId), "web-1");
      const caller = { token: agent.token };
      const t0 = Math.floor(Date.now() / 1000) * 1000 - 120_000;
      // 10–50 packets/s on the interface while /proc/net/snmp counts the host's TCP flood.
      const second = (s: number, tcpPps: number, synRecv = 1) =>
        sample(t0 + s * 1000, 10 + (s % 5) * 10, {
          tcpPps,
          udpPps: 0,
          icmpPps: 0,
          otherPps: 0,
          synRecv,
          tcpTotal: synRecv + 100,
        });
      await report(api, caller, [second(0, 20), second(1, 30)]);

      const opened = await report(api, caller, [second(2, 145_000)]);
      assert.equal(opened.detection.state, "ATTACK");
      const id = opened.detection.incidentId;
      const first = (await api.gql(INCIDENT, { id }, owner)).data.node;
      assert.deepEqual(first.triggerMetrics, ["TCP_PPS"]);
      assert.deepEqual(
        first.triggerPeaks,
        [{ metric: "TCP_PPS", unit: "PACKETS_PER_SECOND", peak: 145_000, thresholdAtPeak: 8_000 }],
        "stored with the incident when it opened (floors: the node is still learning)",
      );

      // What a restart does: the node's detection state is read again from the database, the open
      // incident's peaks with it (a lower TCP rate after it does not replace the peak). Half-open
      // connections join, then it calms down and resolves.
      api.server.services.telemetry.detection.forget(rawId(agent.nodeId));
      const grown = await report(api, caller, [second(3, 100_000, 900), second(4, 60_000, 300)]);
      assert.equal(grown.accepted, 2, JSON.stringify(grown));
      const calm = await report(
        api,
        caller,
        Array.from({ length: 31 }, (_, i) => second(5 + i, 20)),
      );
      assert.equal(calm.detection.state, "NORMAL");
      const resolved = (await api.gql(INCIDENT, { id }, owner)).data.node;
      assert.equal(resolved.status, "RESOLVED");
      assert.ok(resolved.peakPps <= 50, `the interface saw ${resolved.peakPps} packets/s`);
      assert.deepEqual(resolved.triggerPeaks, [
        { metric: "TCP_PPS", unit: "PACKETS_PER_SECOND", peak: 145_000, thresholdAtPeak: 8_000 },
        { metric: "SYN_RECV", unit: "SOCKETS", peak: 900, thresholdAtPeak: 100 },
      ]);
    });
  });
}
