import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { refreshRollups } from "../src/telemetry/rollups.ts";
import { engines } from "./databases.ts";
import { createEnrollmentToken, enrollAgent, rawId } from "./fixtures.ts";
import { createWorkspace, useTestApi } from "./harness.ts";
import { report, sample } from "./telemetry-client.ts";
import { subscribe, subscriptionsLive } from "./ws-client.ts";

const TRAFFIC = `subscription($n: ID!) { trafficUpdated(nodeId: $n) { rxPps synRecv tcpEstablished tcpTotal detectionState } }`;

for (const engine of engines) {
  describe(`connection-state detection (${engine})`, () => {
    const api = useTestApi(engine);

    test("half-open connections at a low packet rate open an incident on SYN_RECV; the counts reach trafficUpdated and the rollups", async () => {
      const address = await api.server.listen(0, "127.0.0.1");
      const owner = await api.signup(`conn-${engine}@example.com`);
      const workspaceId = await createWorkspace(api, owner, `conn-${engine}`);
      const agent = await enrollAgent(api, await createEnrollmentToken(api, owner, workspaceId), "web-1");
      const caller = { token: agent.token };
      const live = subscribe(
        `ws://127.0.0.1:${address.port}/graphql`,
        TRAFFIC,
        { n: agent.nodeId },
        { authorization: `Bearer ${owner.cookie}` },
      );
      await live.connected;
      await subscriptionsLive(`http://127.0.0.1:${address.port}`, 1);
      const t0 = Math.floor(Date.now() / 60_000) * 60_000 - 8 * 60_000;
      const at = (s: number) => t0 + s * 1000;
      // 300 quiet seconds: 800 pps, a handful of half-open connections, ~300 established.
      const quiet = (s: number) =>
        sample(at(s), 800, { synRecv: s % 5, tcpEstablished: 300 + (s % 20), tcpTotal: 420 + (s % 20) });
      for (let batch = 0; batch < 3; batch++) {
        const r = await report(
          api,
          caller,
          Array.from({ length: 100 }, (_, i) => quiet(batch * 100 + i)),
        );
        assert.equal(r.accepted, 100, JSON.stringify(r));
      }
      // SYN cookies keep the server answering; packets stay at 900 pps, far under every rate floor.
      const flood = await report(api, caller, [
        sample(at(300), 900, { synRecv: 512, tcpEstablished: 310, tcpTotal: 940 }),
      ]);
      assert.equal(flood.detection.state, "ATTACK");
      const synRecv = flood.detection.thresholds.find((t: { metric: string }) => t.metric === "SYN_RECV");
      assert.equal(synRecv.source, "FLOOR", "3 × a p99 of 4 is under the floor of 100");
      assert.equal(synRecv.threshold, 100);
      const incident = await api.gql(
        `query($id: ID!) { node(id: $id) { ... on Incident { triggerMetrics severity } } }`,
        { id: flood.detection.incidentId },
        owner,
      );
      assert.deepEqual(incident.data.node.triggerMetrics, ["SYN_RECV"]);
      assert.equal(incident.data.node.severity, "HIGH", "512 / 100: five times the threshold");

      const updates = await live.waitFor(4, 15_000);
      const last = updates.at(-1).data.trafficUpdated;
      assert.deepEqual(
        { synRecv: last.synRecv, tcpEstablished: last.tcpEstablished, tcpTotal: last.tcpTotal },
        { synRecv: 512, tcpEstablished: 310, tcpTotal: 940 },
      );
      assert.equal(last.detectionState, "ATTACK");

      await refreshRollups(api.server.services.database, new Date(at(-60)), new Date());
      const series = await api.gql(
        `query($id: ID!, $from: DateTime!, $to: DateTime!, $hour: DateTime!) { node(id: $id) { ... on MonitoredNode {
           seconds: traffic(from: $from, to: $to, resolution: SECOND) { points { synRecv maxSynRecv tcpTotal } }
           minutes: traffic(from: $from, to: $to, resolution: MINUTE) { points { samples synRecv maxSynRecv tcpEstablished } }
           hours: traffic(from: $hour, to: $to, resolution: HOUR) { points { maxSynRecv } } } } }`,
        {
          id: agent.nodeId,
          from: new Date(at(0)).toISOString(),
          to: new Date(at(301)).toISOString(),
          hour: new Date(Math.floor(at(0) / 3_600_000) * 3_600_000).toISOString(), // buckets start in [from, to)
        },
        owner,
      );
      const node = series.data.node;
      assert.equal(node.seconds.points.at(-1).synRecv, 512);
      const minutes = node.minutes.points;
      assert.deepEqual(
        minutes.map((m: { samples: number }) => m.samples),
        [60, 60, 60, 60, 60, 1],
      );
      assert.equal(minutes[0].synRecv, 2, "average of 0..4");
      assert.equal(minutes[0].maxSynRecv, 4);
      assert.ok(minutes[0].tcpEstablished > 300 && minutes[0].tcpEstablished < 320);
      assert.equal(minutes[5].maxSynRecv, 512);
      assert.equal(Math.max(...node.hours.points.map((h: { maxSynRecv: number }) => h.maxSynRecv)), 512);
      live.dispose();
    });

    test("a minute whose counts were not rolled up answers null counts, not zeros", async (t) => {
      const database = api.server.services.database;
      // On TimescaleDB connection_1m is a continuous aggregate, not a table a test can take rows from.
      if (database.timescale) return t.skip("connection_1m is a continuous aggregate here");
      const owner = await api.signup(`conn-null-${engine}@example.com`);
      const workspaceId = await createWorkspace(api, owner, `conn-null-${engine}`);
      const agent = await enrollAgent(api, await createEnrollmentToken(api, owner, workspaceId), "web-2");
      const t0 = Math.floor(Date.now() / 60_000) * 60_000 - 3 * 60_000;
      const r = await report(
        api,
        { token: agent.token },
        Array.from({ length: 30 }, (_, s) => sample(t0 + s * 1000, 800, { synRecv: 7 })),
      );
      assert.equal(r.accepted, 30, JSON.stringify(r));
      await refreshRollups(database, new Date(t0 - 60_000), new Date());
      // As for an hour kept from before connection_1m/_1h existed, whose raw seconds had gone.
      await database.sql.query("DELETE FROM connection_1m WHERE node_id = $1", [rawId(agent.nodeId)]);
      const series = await api.gql(
        `query($id: ID!, $from: DateTime!, $to: DateTime!) { node(id: $id) { ... on MonitoredNode {
           minutes: traffic(from: $from, to: $to, resolution: MINUTE) {
             points { samples rxPps synRecv maxSynRecv tcpEstablished tcpTotal } }
           seconds: traffic(from: $from, to: $to, resolution: SECOND) { points { synRecv } } } } }`,
        { id: agent.nodeId, from: new Date(t0).toISOString(), to: new Date(t0 + 60_000).toISOString() },
        owner,
      );
      assert.deepEqual(series.errors, undefined);
      const node = series.data.node;
      assert.deepEqual(node.minutes.points, [
        { samples: 30, rxPps: 800, synRecv: null, maxSynRecv: null, tcpEstablished: null, tcpTotal: null },
      ]);
      assert.equal(node.seconds.points.length, 30);
      assert.ok(node.seconds.points.every((p: { synRecv: number }) => p.synRecv === 7));
    });
  });
}
