import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { loadSeasonalMany, loadSeasonalWeek } from "../src/detection/seasonal.store.ts";
import { hourOf } from "../src/detection/seasonal.ts";
import { refreshRollups } from "../src/telemetry/rollups.ts";
import { engines } from "./databases.ts";
import { createEnrollmentToken, enrollAgent, mutate, mutateOk, rawId } from "./fixtures.ts";
import { createWorkspace, type TestApi, useTestApi } from "./harness.ts";
import { report, sample } from "./telemetry-client.ts";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/**
 * Stores weeks of history the way an agent would have, one sample a minute (enough for the
 * hourly rollups), then rolls the hours up as the maintenance job does.
 */
async function storeHistory(api: TestApi, nodeId: string, from: number, to: number, ppsSql: string) {
  const { database } = api.server.services;
  await database.sql.query(
    `INSERT INTO traffic_sample (node_id, ts, interface, rx_pps, rx_bps, tx_pps, tx_bps, tcp_pps, udp_pps,
                                 icmp_pps, other_pps, syn_recv, tcp_established, tcp_total, attack)
     SELECT $1::uuid, ts, 'eth0', v, v * 4800, v / 2, v * 2400, v * 0.7, v * 0.25, v * 0.01, v * 0.04, 1, 40, 60, false
       FROM generate_series($2::timestamptz, $3::timestamptz, INTERVAL '1 minute') AS ts,
            LATERAL (SELECT (${ppsSql})::float8 AS v) AS x`,
    [nodeId, new Date(from).toISOString(), new Date(to).toISOString()],
  );
  await refreshRollups(database, new Date(from - HOUR), new Date(to + HOUR), ["hour"]);
}

/**
 * Four weeks of October 2026 for a node: quiet at 19:00 Berlin time (5,000 pps), busy at every
 * other hour (20,000). Berlin left summer time on 25 October: 19:00 there was 17:00 UTC before,
 * 18:00 UTC after.
 */
async function storeBerlinOctober(api: TestApi, nodeId: string) {
  await storeHistory(
    api,
    nodeId,
    Date.UTC(2026, 9, 4),
    Date.UTC(2026, 10, 2, 12),
    "CASE WHEN extract(hour FROM ts AT TIME ZONE 'Europe/Berlin') = 19 THEN 5000 ELSE 20000 END",
  );
}

const BASELINE = `query($id: ID!) { node(id: $id) { ... on MonitoredNode {
  baseline(metric: PPS) { p99 seasonalP99 threshold source learning } } } }`;

for (const engine of engines) {
  describe(`seasonal baselines (${engine})`, () => {
    // Samples from yesterday evening are accepted: the scenario needs a 19:00 that has passed.
    const api = useTestApi(engine, { TELEMETRY_MAX_AGE_HOURS: "48" });

    test("a node that climbs every evening at 19:00 does not alarm at 19:00; a flood over its evenings does", async () => {
      const owner = await api.signup(`season-${engine}@example.com`);
      const workspaceId = await createWorkspace(api, owner, `season-${engine}`);
      const agent = await enrollAgent(api, await createEnrollmentToken(api, owner, workspaceId), "evening-1");
      const nodeId = rawId(agent.nodeId);
      // The last 19:00 UTC at least 10 minutes ago (today's or yesterday's).
      let t19 = Math.floor(Date.now() / DAY) * DAY + 19 * HOUR;
      while (t19 > Date.now() - 10 * 60_000) t19 -= DAY;
      // Four weeks of evenings at 20,000 pps (19:00–20:00), 5,000 pps otherwise.
      await storeHistory(
        api,
        nodeId,
        t19 - 28 * DAY,
        t19 - 10 * 60_000,
        "CASE WHEN extract(hour FROM ts AT TIME ZONE 'UTC') = 19 THEN 20000 ELSE 5000 END + (extract(minute FROM ts)::int % 7) * 10",
      );
      // The 300 s before 19:00 at about 5,000 pps: the trailing baseline alone would alarm at 16k.
      const caller = { token: agent.token };
      const normal = (i: number) => 5000 + ((i * 37) % 600) - 300;
      for (let batch = 0; batch < 3; batch++) {
        const samples = Array.from({ length: 100 }, (_, i) =>
          sample(t19 - 300_000 + (batch * 100 + i) * 1000, normal(i)),
        );
        const r = await report(api, caller, samples);
        assert.equal(r.accepted, 100, JSON.stringify(r));
      }
      const before = (await api.gql(BASELINE, { id: agent.nodeId }, owner)).data.node.baseline;
      assert.equal(before.learning, false);
      assert.ok(before.p99 * 3 < 20_000, `trailing threshold alone ${before.p99 * 3} would alarm at 20k`);

      const evening = await report(api, caller, [sample(t19, 20_500)]);
      assert.notEqual(evening.detection.state, "ATTACK", "the evening climb is this node's normal");
      const pps = evening.detection.thresholds.find((t: { metric: string }) => t.metric === "PPS");
      assert.equal(pps.source, "SEASONAL");
      assert.ok(pps.threshold >= 60_000 && pps.threshold < 61_000, `threshold ${pps.threshold}`);
      const shown = (await api.gql(BASELINE, { id: agent.nodeId }, owner)).data.node.baseline;
      assert.equal(shown.source, "SEASONAL");
      assert.ok(
        shown.seasonalP99 > 20_000 && shown.seasonalP99 <= 20_060,
        `seasonal p99 ${shown.seasonalP99}`,
      );

      const flood = await report(api, caller, [sample(t19 + 1000, 90_000)]);
      assert.equal(flood.detection.state, "ATTACK", "above 3 × the evening p99 it is an attack");

      // The week as the node page charts it: every evening at 20,000, every other hour at 5,000.
      const week = (
        await api.gql(
          `query($id: ID!) { node(id: $id) { ... on MonitoredNode { seasonalWeek(metric: PPS) { hourOfWeek p99 } } } }`,
          { id: agent.nodeId },
          owner,
        )
      ).data.node.seasonalWeek as { hourOfWeek: number; p99: number | null }[];
      assert.deepEqual(
        week.map((h) => h.hourOfWeek),
        Array.from({ length: 168 }, (_, i) => i),
      );
      // Every hour of the week has history, whatever the time of day the test runs: the hours since
      // the history ended (up to a day) have their earlier weeks', the last one's 18:00 (51 samples)
      // the weeks before.
      const known = week.filter((h) => h.p99 !== null);
      assert.equal(known.length, 168, `${known.length} hours with history`);
      for (const { hourOfWeek, p99 } of known) {
        const evening = hourOfWeek % 24 === 19;
        // The 300 samples reported before 19:00 (up to 5,299 pps) may share 18:00's hour.
        assert.ok(
          evening ? p99! > 20_000 && p99! <= 20_060 : p99! > 5_000 && p99! < 5_300,
          `hour ${hourOfWeek}: ${p99}`,
        );
      }
    });

    test("a workspace's time zone keeps a node's local hour of the week across a daylight-saving change", async () => {
      const owner = await api.signup(`zone-${engine}@example.com`);
      const workspaceId = await createWorkspace(api, owner, `zone-${engine}`);
      const agent = await enrollAgent(api, await createEnrollmentToken(api, owner, workspaceId), "berlin-1");
      for (const timeZone of ["Mars/Olympus", "+01:00", ""]) {
        const refused = await mutate(api, owner, "updateWorkspace", { workspaceId, timeZone }, "");
        assert.equal(refused.payload?.code, "BAD_USER_INPUT", `${timeZone}: ${JSON.stringify(refused)}`);
      }
      const setZone = async (timeZone: string) =>
        (
          await mutateOk(
            api,
            owner,
            "updateWorkspace",
            { workspaceId, timeZone },
            "... on WorkspacePayload { workspace { timeZone } }",
          )
        ).workspace.timeZone;
      assert.equal(await setZone("Asia/Kolkata"), "Asia/Kolkata", "a name Intl does not list, but knows");
      assert.equal(await setZone("utc"), "UTC", "UTC too, which Intl's zone list leaves out");
      assert.equal(await setZone(" europe/berlin"), "Europe/Berlin", "stored as the zone list spells it");
      const child = await mutateOk(
        api,
        owner,
        "createWorkspace",
        { name: "Customer", slug: `zone-child-${engine}`, parentWorkspaceId: workspaceId },
        "... on WorkspacePayload { workspace { timeZone } }",
      );
      assert.equal(
        child.workspace.timeZone,
        "Europe/Berlin",
        "a customer workspace starts in its MSP's zone",
      );
      // Four weeks of October: the node is quiet at 19:00 Berlin time (5,000 pps) and busy at every
      // other hour (20,000). Berlin left summer time on 25 October: 19:00 there was 17:00 UTC
      // before, 18:00 UTC after.
      const nodeId = rawId(agent.nodeId);
      await storeBerlinOctober(api, nodeId);
      // Monday 2 November, 19:00 in Berlin: its 19:00s of the four weeks before, quiet.
      const { sql } = api.server.services.database;
      const hour = hourOf(Date.UTC(2026, 10, 2, 18));
      const berlin = (await loadSeasonalMany(sql, [nodeId], hour)).get(nodeId);
      assert.equal(berlin?.PPS, 5000, "the same local hour every week");
      // The node page's week at that moment: each Berlin hour as detection reads it, 19:00 quiet.
      const week = await loadSeasonalWeek(sql, nodeId, "PPS", "Europe/Berlin", Date.UTC(2026, 10, 2, 18, 30));
      assert.equal(week.filter((h) => h.p99 !== null).length, 168);
      for (const { hourOfWeek, p99 } of week)
        assert.equal(p99, hourOfWeek % 24 === 19 ? 5000 : 20_000, `Berlin hour ${hourOfWeek}`);
      // In UTC, 18:00 of those weeks: 19:00 in Berlin once, 20:00 (busy) in the three summer weeks.
      await setZone("UTC");
      const utc = (await loadSeasonalMany(sql, [nodeId], hour)).get(nodeId);
      assert.ok((utc?.PPS ?? 0) > 19_000, `UTC hour: ${utc?.PPS}`);
    });

    test("nodes of workspaces in different time zones, read together, each get their own zone's hours", async () => {
      const nodes: Record<string, string> = {};
      for (const timeZone of ["Europe/Berlin", "UTC", "Europe/Paris"]) {
        const slug = `zones-${timeZone.replace("/", "-").toLowerCase()}-${engine}`;
        const owner = await api.signup(`${slug}@example.com`);
        const workspaceId = await createWorkspace(api, owner, slug);
        await mutateOk(api, owner, "updateWorkspace", { workspaceId, timeZone }, "");
        const agent = await enrollAgent(api, await createEnrollmentToken(api, owner, workspaceId), slug);
        const nodeId = rawId(agent.nodeId);
        nodes[timeZone] = nodeId;
        // The same October as above: quiet at 19:00 in Berlin (and Paris), busy otherwise.
        await storeBerlinOctober(api, nodeId);
      }
      const { sql } = api.server.services.database;
      const p99s = await loadSeasonalMany(sql, Object.values(nodes), hourOf(Date.UTC(2026, 10, 2, 18)));
      assert.equal(p99s.get(nodes["Europe/Berlin"] ?? "")?.PPS, 5000);
      assert.equal(
        p99s.get(nodes["Europe/Paris"] ?? "")?.PPS,
        5000,
        "a zone with Berlin's offsets, read with it",
      );
      const utc = p99s.get(nodes.UTC ?? "")?.PPS ?? 0;
      assert.ok(utc > 19_000, `the UTC node keeps its UTC hours beside them: ${utc}`);
    });

    test("a re-enrolled node with history starts from its seasonal baseline, not the floor", async () => {
      const owner = await api.signup(`reenrol-${engine}@example.com`);
      const workspaceId = await createWorkspace(api, owner, `reenrol-${engine}`);
      const first = await enrollAgent(api, await createEnrollmentToken(api, owner, workspaceId), "back-1");
      const now = Date.now();
      // Four weeks at about 12,000 pps, every hour, ending a day ago (the agent was away since).
      const nodeId = rawId(first.nodeId);
      await storeHistory(
        api,
        nodeId,
        now - 29 * DAY,
        now - DAY,
        "12000 + (extract(minute FROM ts)::int % 7) * 10",
      );
      // Only the hourly rollups remain, as after raw retention: no trailing window to learn from.
      await api.server.services.database.sql.query("DELETE FROM traffic_sample WHERE node_id = $1", [nodeId]);
      const token = await mutateOk(
        api,
        owner,
        "createEnrollmentToken",
        { workspaceId, nodeId: first.nodeId },
        "... on CreateEnrollmentTokenPayload { token }",
      );
      const again = await enrollAgent(api, token.token as string, "back-1");
      assert.equal(again.nodeId, first.nodeId, "the same node");
      // 30,000 pps is three times the 10,000 floor, but not three times this node's usual hour.
      const r = await report(api, { token: again.token }, [sample(Date.now() - 1000, 30_000)]);
      assert.notEqual(r.detection.state, "ATTACK");
      const pps = r.detection.thresholds.find((t: { metric: string }) => t.metric === "PPS");
      assert.equal(pps.source, "SEASONAL");
      assert.ok(pps.threshold > 36_000 && pps.threshold <= 36_180, `threshold ${pps.threshold}`);
      const shown = (await api.gql(BASELINE, { id: first.nodeId }, owner)).data.node.baseline;
      assert.deepEqual([shown.source, shown.learning], ["SEASONAL", true], "learning, yet not at the floor");
    });

    test("nodes crossing into an hour together each get their own seasonal baseline (one gathered look-up)", async () => {
      const owner = await api.signup(`together-${engine}@example.com`);
      const workspaceId = await createWorkspace(api, owner, `together-${engine}`);
      const now = Date.now();
      const usual = [12_000, 30_000, null];
      const agents = [];
      for (const [i, pps] of usual.entries()) {
        const agent = await enrollAgent(
          api,
          await createEnrollmentToken(api, owner, workspaceId),
          `together-${i}`,
        );
        if (pps !== null)
          await storeHistory(
            api,
            rawId(agent.nodeId),
            now - 29 * DAY,
            now - DAY,
            `${pps} + (extract(minute FROM ts)::int % 7) * 10`,
          );
        agents.push(agent);
      }
      // Only the hourly rollups remain: no trailing window to learn from. (Deleted after every
      // history is rolled up: a refresh recomputes its hours from the raw rows of every node.)
      await api.server.services.database.sql.query(
        "DELETE FROM traffic_sample WHERE node_id = ANY($1::uuid[])",
        [agents.map((a) => rawId(a.nodeId))],
      );
      // Sent at once: their first samples of this hour are looked up in the same statement.
      const answers = await Promise.all(
        agents.map((agent) => report(api, { token: agent.token }, [sample(Date.now() - 1000, 5_000)])),
      );
      const pps = answers.map((r) =>
        r.detection.thresholds.find((t: { metric: string }) => t.metric === "PPS"),
      );
      assert.equal(pps[0].source, "SEASONAL");
      assert.ok(pps[0].threshold > 36_000 && pps[0].threshold <= 36_180, `threshold ${pps[0].threshold}`);
      assert.equal(pps[1].source, "SEASONAL");
      assert.ok(pps[1].threshold > 90_000 && pps[1].threshold <= 90_180, `threshold ${pps[1].threshold}`);
      assert.notEqual(pps[2].source, "SEASONAL", "a node without history has no seasonal baseline");
    });
  });
}
