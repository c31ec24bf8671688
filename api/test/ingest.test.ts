import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { resolveStaleIncidents } from "../src/incidents/incident.jobs.ts";
import { refreshChanged } from "../src/telemetry/rollups.ts";
import { engines } from "./databases.ts";
import { createEnrollmentToken, enrollAgent, errorCode, mutate, mutateOk, rawId } from "./fixtures.ts";
import { type Caller, createWorkspace, useTestApi } from "./harness.ts";
import { REPORT, report, sample } from "./telemetry-client.ts";

for (const engine of engines) {
  describe(`telemetry ingest (${engine})`, () => {
    const api = useTestApi(engine);
    let owner: Caller;
    let workspaceId: string;
    const agents: { nodeId: string; keyId: string; token: string }[] = [];
    const storedFor = (nodeId: string) =>
      api.server.services.database.prisma.trafficSample.count({ where: { nodeId: rawId(nodeId) } });

    test("bad samples are rejected by path while the valid ones of the batch are stored", async () => {
      owner = await api.signup(`ingest-${engine}@example.com`);
      workspaceId = await createWorkspace(api, owner, `ingest-${engine}`);
      for (const host of ["n1", "n2"])
        agents.push(await enrollAgent(api, await createEnrollmentToken(api, owner, workspaceId), host));
      const [a] = agents as [(typeof agents)[number]];
      const now = Date.now();
      const r = await report(api, { token: a.token }, [
        sample(now - 3000, 100),
        sample(now - 2000, 100, { rxPps: -5 }),
        sample(now + 3_600_000, 100),
        sample(now - 3 * 86_400_000, 100),
        sample(now - 1000, 100, { tcpTotal: -3, rxBps: 1e20 }),
        sample(now - 500, 100, { interface: "eth0; reboot" }),
        sample(now - 100, 100),
      ]);
      assert.equal(r.__typename, "ReportTelemetryPayload");
      assert.equal(r.accepted, 2);
      assert.equal(r.duplicates, 0);
      assert.deepEqual(
        r.rejected.map((x: { index: number; path: string }) => `${x.index}:${x.path}`),
        [
          "1:samples.1.rxPps",
          "2:samples.2.ts",
          "3:samples.3.ts",
          "4:samples.4.rxBps",
          "4:samples.4.tcpTotal",
          "5:samples.5.interface",
        ],
      );
      assert.match(r.rejected[1].message, /future.*clock/);
      assert.equal(await storedFor(a.nodeId), 2);
    });

    test("replays are counted as duplicates and never stored twice", async () => {
      const [a] = agents as [(typeof agents)[number]];
      const base = Date.now() - 60_000;
      const batch = Array.from({ length: 20 }, (_, i) => sample(base + i * 1000, 500 + i));
      assert.equal((await report(api, { token: a.token }, batch)).accepted, 20);
      const replay = await report(api, { token: a.token }, [
        ...batch.slice(10),
        sample(base + 20_000, 1),
        batch[0],
      ]);
      assert.deepEqual([replay.accepted, replay.duplicates], [1, 11]);
      const twiceInOneCall = await report(api, { token: a.token }, [
        sample(base + 30_000, 1),
        sample(base + 30_000, 1),
      ]);
      assert.deepEqual([twiceInOneCall.accepted, twiceInOneCall.duplicates], [1, 1]);
      assert.equal(await storedFor(a.nodeId), 2 + 20 + 1 + 1);
    });

    test("the rollup jobs count samples hours late (an agent's queue after an outage), whatever order they run in", async () => {
      const agent = agents[0] as (typeof agents)[number];
      // Five hours late (beyond any "recent" window), and the hour job runs first.
      const hourAgo = Math.floor((Date.now() - 5 * 3_600_000) / 60_000) * 60_000;
      const late = Array.from({ length: 60 }, (_, i) => sample(hourAgo + i * 1000, 700));
      assert.equal((await report(api, { token: agent.token }, late)).accepted, 60);
      const { database } = api.server.services;
      const maxAge = api.config.telemetry.maxAgeMs;
      const minuteRow = () =>
        database.sql.query<{ samples: number; avg_pps: number }>(
          "SELECT samples, avg_pps FROM traffic_1m WHERE node_id = $1 AND bucket = $2",
          [rawId(agent.nodeId), new Date(hourAgo)],
        );
      // A run stops short of a minute some other transaction still has open (the API's own jobs
      // share the database), so a run may leave the late buckets to the next one: run the tiers
      // until the minute is there, as the jobs would.
      let minute: { samples: number; avg_pps: number } | undefined;
      for (let round = 0; round < 50; round++) {
        if (round > 0) await new Promise((resolve) => setTimeout(resolve, 200));
        await refreshChanged(database, "hour", maxAge);
        await refreshChanged(database, "minute", maxAge);
        await refreshChanged(database, "hour", maxAge);
        [minute] = await minuteRow();
        if (minute) break;
      }
      assert.deepEqual(minute, { samples: 60, avg_pps: 700 });
      const [hour] = await database.sql.query<{ samples: number }>(
        "SELECT samples FROM traffic_1h WHERE node_id = $1 AND bucket = date_trunc('hour', $2::timestamptz)",
        [rawId(agent.nodeId), new Date(hourAgo)],
      );
      assert.ok((hour?.samples ?? 0) >= 60);
      const [day] = await database.sql.query<{ online_minutes: number }>(
        "SELECT online_minutes FROM node_status_1d WHERE node_id = $1 AND bucket = date_trunc('day', $2::timestamptz AT TIME ZONE 'UTC') AT TIME ZONE 'UTC'",
        [rawId(agent.nodeId), new Date(hourAgo)],
      );
      assert.ok((day?.online_minutes ?? 0) >= 1, "the late minute counts toward uptime");
    });

    test("more than 2,000 samples in one call is refused as a whole, with the limit named", async () => {
      const [a] = agents as [(typeof agents)[number]];
      const base = Date.now() - 3_600_000;
      const samples = Array.from({ length: 2001 }, (_, i) => sample(base + i * 1000, 10));
      const result = await api.gql(REPORT, { samples }, { token: a.token });
      // Refused by the operation limits (every list argument is bounded) before the resolver runs.
      assert.equal(result.errors?.[0]?.extensions?.code, "BAD_USER_INPUT");
      assert.match(result.errors?.[0]?.message ?? "", /at most 2000/);
      const max = await report(api, { token: a.token }, samples.slice(0, 2000));
      assert.equal(max.accepted, 2000);
    });

    test("only an agent key reports, and a revoked one is refused", async () => {
      const samples = [sample(Date.now() - 100, 1)];
      const asUser = await api.gql(REPORT, { samples }, owner);
      // A valid credential of another kind: FORBIDDEN (no credential at all is UNAUTHENTICATED).
      assert.equal(errorCode({ ...asUser, payload: asUser.data?.reportTelemetry }), "FORBIDDEN");
      const asNobody = await api.gql(REPORT, { samples }, { token: "lva_nope_nope" });
      assert.equal(errorCode({ ...asNobody, payload: asNobody.data?.reportTelemetry }), "UNAUTHENTICATED");
      const b = agents[1] as (typeof agents)[number];
      // Accepted once (the key is now in the verified-key cache), then revoked: refused at once.
      assert.equal((await report(api, { token: b.token }, [sample(Date.now() - 3000, 1)])).accepted, 1);
      await mutateOk(
        api,
        owner,
        "revokeApiKey",
        { apiKeyId: b.keyId },
        "... on ApiKeyPayload { apiKey { id } }",
      );
      const revoked = await api.gql(REPORT, { samples }, { token: b.token });
      assert.equal(errorCode({ ...revoked, payload: revoked.data?.reportTelemetry }), "UNAUTHENTICATED");
      assert.equal(await storedFor(b.nodeId), 1);
    });

    test("simultaneous incidents on two nodes of a workspace are one multi-node attack", async () => {
      const nodes = [];
      for (const host of ["m1", "m2", "m3"])
        nodes.push(await enrollAgent(api, await createEnrollmentToken(api, owner, workspaceId), host));
      const now = Date.now() - 5000;
      const opened = await Promise.all(
        nodes.slice(0, 2).map((n) => report(api, { token: n.token }, [sample(now, 80_000)])),
      );
      const ids = opened.map((r) => r.detection.incidentId);
      assert.ok(ids.every(Boolean));
      const query = `query($ids: [ID!]!) { nodes(ids: $ids) { ... on Incident { attack { id nodeCount } } } }`;
      const { data } = await api.gql(query, { ids }, owner);
      assert.equal(data.nodes[0].attack.id, data.nodes[1].attack.id);
      assert.equal(data.nodes[0].attack.nodeCount, 2);
      // Manual threshold on the third node: 2,000 pps is an attack there and joins the same attack.
      const third = nodes[2] as (typeof nodes)[number];
      const set = await mutate(
        api,
        owner,
        "setNodeThresholds",
        { nodeId: third.nodeId, overrides: [{ metric: "PPS", threshold: 1500 }] },
        "... on NodePayload { node { detection { thresholds { metric threshold source } } } }",
      );
      const pps = set.payload?.node.detection.thresholds.find((t: { metric: string }) => t.metric === "PPS");
      assert.deepEqual(pps, { metric: "PPS", threshold: 1500, source: "MANUAL" });
      const r = await report(api, { token: third.token }, [sample(now, 2000)]);
      assert.equal(r.detection.state, "ATTACK");
      const joined = await api.gql(query, { ids: [r.detection.incidentId] }, owner);
      assert.equal(joined.data.nodes[0].attack.id, data.nodes[0].attack.id);
      const analytics = await api.gql(
        "query($w: ID!) { workspaceAnalytics(workspaceId: $w) { nodesUnderAttack openIncidents multiNodeAttacks peakPps } }",
        { w: workspaceId },
        owner,
      );
      assert.deepEqual(analytics.data.workspaceAnalytics, {
        nodesUnderAttack: 3,
        openIncidents: 3,
        multiNodeAttacks: 1,
        peakPps: 80_000,
      });
    });

    test("a database failure loses nothing: UNAVAILABLE, and the agent's retry is evaluated again", async () => {
      const agent = await enrollAgent(api, await createEnrollmentToken(api, owner, workspaceId), "f1");
      const { sql } = api.server.services.database;
      const t = Date.now() - 120_000;
      const flood = [0, 1, 2].map((s) => sample(t + s * 1000, 70_000));
      // The incident cannot be opened (its table is gone for a moment).
      await sql.exec("ALTER TABLE incident RENAME TO incident_away");
      const failed = await api.gql(REPORT, { samples: flood }, { token: agent.token });
      await sql.exec("ALTER TABLE incident_away RENAME TO incident");
      assert.equal(failed.data.reportTelemetry.code, "UNAVAILABLE", JSON.stringify(failed));
      assert.equal(await storedFor(agent.nodeId), 0, "nothing of the failed call was kept");
      const retried = await report(api, { token: agent.token }, flood);
      assert.equal(retried.accepted, 3);
      assert.ok(retried.detection.incidentId, "the retry opens the incident");
      // The samples cannot be stored (the incident is open by now): the retry still counts them as attack.
      const more = [3, 4].map((s) => sample(t + s * 1000, 70_000));
      await sql.exec("ALTER TABLE traffic_sample RENAME TO traffic_sample_away");
      const lost = await api.gql(REPORT, { samples: more }, { token: agent.token });
      await sql.exec("ALTER TABLE traffic_sample_away RENAME TO traffic_sample");
      assert.equal(lost.data.reportTelemetry.code, "UNAVAILABLE");
      const again = await report(api, { token: agent.token }, more);
      assert.equal(again.accepted, 2);
      assert.equal(again.detection.incidentId, retried.detection.incidentId, "the same incident");
      const flags = await api.server.services.database.prisma.trafficSample.findMany({
        where: { nodeId: rawId(agent.nodeId) },
        orderBy: { ts: "asc" },
        select: { attack: true },
      });
      assert.deepEqual(
        flags.map((f) => f.attack),
        [true, true, true, true, true],
      );
    });

    test("a restart during an incident keeps its severity and its quiet period", async () => {
      const agent = await enrollAgent(api, await createEnrollmentToken(api, owner, workspaceId), "r1");
      const t = Date.now() - 300_000;
      const opened = await report(api, { token: agent.token }, [sample(t, 150_000)]);
      const quiet = Array.from({ length: 20 }, (_, i) => sample(t + (1 + i) * 1000, 100));
      await report(api, { token: agent.token }, quiet);
      api.server.services.telemetry.detection.forget(rawId(agent.nodeId)); // what a restart does
      const after = await report(api, { token: agent.token }, [sample(t + 21_000, 100)]);
      assert.equal(after.detection.incidentId, opened.detection.incidentId);
      const rest = Array.from({ length: 10 }, (_, i) => sample(t + (22 + i) * 1000, 100));
      const resolved = await report(api, { token: agent.token }, rest);
      assert.equal(resolved.detection.state, "NORMAL", "30 quiet seconds counted across the restart");
      const { data } = await api.gql(
        "query($id: ID!) { node(id: $id) { ... on Incident { status severity endedAt } } }",
        { id: opened.detection.incidentId },
        owner,
      );
      assert.deepEqual(data.node, {
        status: "RESOLVED",
        severity: "CRITICAL",
        endedAt: new Date(t + 1000).toISOString(),
      });
    });

    test("an incident whose agent went silent is closed by the sweep at its last attack second", async () => {
      const agent = await enrollAgent(api, await createEnrollmentToken(api, owner, workspaceId), "s1");
      const t = Date.now() - 900_000;
      const opened = await report(api, { token: agent.token }, [sample(t, 90_000), sample(t + 1000, 90_000)]);
      const { prisma } = api.server.services.database;
      assert.equal(await resolveStaleIncidents(api.server.services), 0, "a reporting agent is not stale");
      await prisma.node.update({
        where: { id: rawId(agent.nodeId) },
        data: { lastSeenAt: new Date(t + 2000) },
      });
      assert.equal(await resolveStaleIncidents(api.server.services), 1);
      const incident = await prisma.incident.findUniqueOrThrow({
        where: { id: rawId(opened.detection.incidentId) },
      });
      assert.equal(incident.status, "RESOLVED");
      assert.equal(incident.endedAt?.getTime(), t + 1000);
    });

    test("threshold settings are validated", async () => {
      const node = agents[0] as (typeof agents)[number];
      const bad = await mutate(api, owner, "setNodeThresholds", {
        nodeId: node.nodeId,
        multiplier: 0.5,
        overrides: [
          { metric: "PPS", threshold: -1 },
          { metric: "PPS", threshold: 5 },
        ],
      });
      assert.equal(bad.payload?.__typename, "ValidationError");
      assert.match(
        bad.payload?.message,
        /input.multiplier.*input.overrides.0.threshold.*input.overrides.1.metric/,
      );
    });
  });
}
