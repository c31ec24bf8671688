import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { refreshRollups } from "../src/telemetry/rollups.ts";
import { engines } from "./databases.ts";
import { createEnrollmentToken, enrollAgent, rawId } from "./fixtures.ts";
import { createWorkspace, useTestApi } from "./harness.ts";
import { report, sample } from "./telemetry-client.ts";
import { subscribe, subscriptionsLive } from "./ws-client.ts";

const INCIDENT_EVENTS = `subscription($w: ID!) { incidentEvents(workspaceId: $w) {
  kind incidentId incident { status severity peakPps } } }`;

/** Normal traffic around 5,000 pps: p99 × 3 lands above the 10,000 pps floor, so it is LEARNED. */
const normal = (i: number) => 5000 + ((i * 37) % 600) - 300;

for (const engine of engines) {
  describe(`detection end to end (${engine})`, () => {
    const api = useTestApi(engine);

    test("300 s of normal traffic, a flood, an incident opened at once, resolved after 30 quiet s", async () => {
      const address = await api.server.listen(0, "127.0.0.1");
      const owner = await api.signup(`det-${engine}@example.com`);
      const workspaceId = await createWorkspace(api, owner, `det-${engine}`);
      const agent = await enrollAgent(api, await createEnrollmentToken(api, owner, workspaceId), "edge-1");
      const caller = { token: agent.token };
      const sub = subscribe(
        `ws://127.0.0.1:${address.port}/graphql`,
        INCIDENT_EVENTS,
        { w: workspaceId },
        { authorization: `Bearer ${owner.cookie}` },
      );
      await sub.connected;
      const statuses = subscribe(
        `ws://127.0.0.1:${address.port}/graphql`,
        "subscription($w: ID!) { nodeStatusChanged(workspaceId: $w) { nodeId status detectionState } }",
        { w: workspaceId },
        { authorization: `Bearer ${owner.cookie}` },
      );
      await statuses.connected;
      await subscriptionsLive(`http://127.0.0.1:${address.port}`, 2);

      const t0 = Math.floor(Date.now() / 60_000) * 60_000 - 10 * 60_000; // minute-aligned, 10 min ago
      const at = (second: number) => t0 + second * 1000;
      for (let batch = 0; batch < 3; batch++) {
        const samples = Array.from({ length: 100 }, (_, i) =>
          sample(at(batch * 100 + i), normal(batch * 100 + i)),
        );
        const r = await report(api, caller, samples);
        assert.equal(r.accepted, 100, JSON.stringify(r));
        assert.notEqual(
          r.detection.state,
          "ATTACK",
          "learning: 5,000 pps is ELEVATED against the 10,000 floor",
        );
      }
      const learned = await api.gql(
        `query($id: ID!) { node(id: $id) { ... on MonitoredNode { status
           baseline { metric avg p95 p99 samples learning threshold source updatedAt } } } }`,
        { id: agent.nodeId },
        owner,
      );
      const baseline = learned.data.node.baseline;
      assert.equal(learned.data.node.status, "ONLINE");
      assert.equal(baseline.samples, 300);
      assert.equal(baseline.learning, false);
      assert.equal(baseline.source, "LEARNED");
      assert.ok(Math.abs(baseline.threshold - 3 * baseline.p99) < 1e-6);
      assert.ok(baseline.p99 > 5200 && baseline.p99 < 5300, `p99 ${baseline.p99}`);

      // The flood: the first sample over threshold opens the incident in the same call.
      const first = await report(api, caller, [sample(at(300), 200_000)]);
      assert.equal(first.detection.state, "ATTACK");
      assert.ok(first.detection.incidentId);
      assert.equal(first.detection.captureRequested, true);
      const [opened] = await sub.waitFor(1, 15_000);
      assert.equal(opened.data.incidentEvents.kind, "OPENED");
      assert.equal(opened.data.incidentEvents.incidentId, first.detection.incidentId);
      assert.equal(opened.data.incidentEvents.incident.status, "OPEN");
      for (let s = 301; s < 310; s++) await report(api, caller, [sample(at(s), 300_000)]);
      // 30 quiet seconds later (counted from the first quiet one) it resolves.
      const quiet = Array.from({ length: 31 }, (_, i) => sample(at(310 + i), normal(i)));
      const after = await report(api, caller, quiet);
      assert.equal(after.detection.state, "NORMAL");
      const events = await sub.waitFor(3, 15_000);
      assert.deepEqual(
        events.map((e: any) => e.data.incidentEvents.kind),
        ["OPENED", "UPDATED", "RESOLVED"],
        "300k after 200k is 50 % growth: one UPDATED",
      );
      const incident = await api.gql(
        `query($id: ID!) { node(id: $id) { ... on Incident { status severity startedAt endedAt durationSeconds
           peakPps triggerMetrics timeline { ts rxPps } attack { nodeCount } } } }`,
        { id: first.detection.incidentId },
        owner,
      );
      const inc = incident.data.node;
      assert.equal(inc.status, "RESOLVED");
      assert.equal(inc.startedAt, new Date(at(300)).toISOString());
      assert.equal(inc.endedAt, new Date(at(310)).toISOString());
      assert.equal(inc.durationSeconds, 10);
      assert.equal(inc.peakPps, 300_000);
      assert.equal(inc.severity, "CRITICAL");
      assert.ok(inc.triggerMetrics.includes("PPS"));
      assert.equal(inc.timeline.length, 41);
      assert.equal(inc.attack.nodeCount, 1);

      // Rollups: minute buckets and uptime rows, as the maintenance job computes them.
      await refreshRollups(api.server.services.database, new Date(at(-60)), new Date());
      const { sql } = api.server.services.database;
      const minutes = await sql.query<any>(
        "SELECT bucket, samples, attack_seconds, avg_pps, max_pps FROM traffic_1m WHERE node_id = $1 ORDER BY bucket",
        [rawId(agent.nodeId)],
      );
      assert.deepEqual(
        minutes.map((m) => m.samples),
        [60, 60, 60, 60, 60, 41],
      );
      assert.deepEqual(
        minutes.map((m) => m.attack_seconds),
        [0, 0, 0, 0, 0, 40],
        "the 10 flood seconds and the 30 quiet seconds of the open incident",
      );
      assert.equal(minutes[5].max_pps, 300_000);
      const firstMinute = Array.from({ length: 60 }, (_, i) => normal(i));
      assert.ok(Math.abs(minutes[0].avg_pps - firstMinute.reduce((a, b) => a + b) / 60) < 1e-6);
      const status = await sql.query<any>(
        "SELECT online_minutes, attack_minutes FROM node_status_1d WHERE node_id = $1",
        [rawId(agent.nodeId)],
      );
      const days = status.reduce(
        (acc, d) => ({ online: acc.online + d.online_minutes, attack: acc.attack + d.attack_minutes }),
        { online: 0, attack: 0 },
      );
      assert.deepEqual(days, { online: 6, attack: 1 });
      const traffic = await api.gql(
        `query($id: ID!, $from: DateTime!, $to: DateTime!) { node(id: $id) { ... on MonitoredNode {
           raw: traffic(from: $from, to: $to) { resolution points { ts rxPps } }
           minutes: traffic(from: $from, to: $to, resolution: MINUTE) { resolution points { samples maxPps } }
           uptime(days: 2) { uptimePercent attackMinutes days { onlineMinutes } } } } }`,
        { id: agent.nodeId, from: new Date(at(0)).toISOString(), to: new Date(at(341)).toISOString() },
        owner,
      );
      const node = traffic.data.node;
      assert.equal(node.raw.resolution, "SECOND");
      assert.equal(node.raw.points.length, 341);
      assert.equal(node.minutes.resolution, "MINUTE");
      assert.equal(node.minutes.points.length, 6);
      assert.equal(node.uptime.attackMinutes, 1);
      const tooLong = await api.gql(
        "query($id: ID!) { node(id: $id) { ... on MonitoredNode { uptime(days: 400) { uptimePercent } } } }",
        { id: agent.nodeId },
        owner,
      );
      assert.equal(
        tooLong.errors?.[0]?.extensions?.code,
        "BAD_USER_INPUT",
        "days is 1–90, said, not clamped",
      );
      assert.equal(
        node.uptime.days.reduce((n: number, d: any) => n + d.onlineMinutes, 0),
        6,
      );
      const changes = await statuses.waitFor(4, 15_000);
      assert.deepEqual(
        changes.map(
          (e: any) => `${e.data.nodeStatusChanged.status}/${e.data.nodeStatusChanged.detectionState}`,
        ),
        ["ONLINE/NORMAL", "ONLINE/ELEVATED", "ONLINE/ATTACK", "ONLINE/NORMAL"],
        "online with the first sample, ELEVATED (once, no flapping) above half the floor while learning, ATTACK with the flood, NORMAL once resolved",
      );
      assert.ok(changes.every((e: any) => e.data.nodeStatusChanged.nodeId === agent.nodeId));
      const filtered = await api.gql(
        `query($w: ID!, $n: ID!) {
           resolved: incidents(workspaceId: $w, filter: { status: RESOLVED, nodeId: $n, severities: [CRITICAL] }) { edges { node { id } } }
           open: incidents(workspaceId: $w, filter: { status: OPEN }) { edges { node { id } } }
           later: incidents(workspaceId: $w, filter: { since: "2100-01-01T00:00:00Z" }) { edges { node { id } } } }`,
        { w: workspaceId, n: agent.nodeId },
        owner,
      );
      assert.deepEqual(filtered.data.resolved.edges, [{ node: { id: first.detection.incidentId } }]);
      assert.deepEqual(filtered.data.open.edges, []);
      assert.deepEqual(filtered.data.later.edges, []);
      statuses.dispose();
      sub.dispose();
    });
  });
}
