import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { refreshRollups } from "../src/telemetry/rollups.ts";
import { engines } from "./databases.ts";
import { createEnrollmentToken, enrollAgent, rawId } from "./fixtures.ts";
import { createWorkspace, useTestApi } from "./harness.ts";
import { report, sample } from "./telemetry-client.ts";
import { subscribe, subscriptionsLive } from "./ws-client.ts";

const TRAFFIC = `subscription($n: ID!) { trafficUpdated(nodeId: $n) {
  synRecv tcpTotal syncookiesSent listenOverflows listenDrops } }`;
const POINTS = `points { samples rxPps synRecv tcpTotal syncookiesSent maxSyncookiesSent syncookiesRecv
  syncookiesFailed listenOverflows maxListenOverflows listenDrops }`;
const NOT_READ = { synRecv: null, tcpEstablished: null, tcpTotal: null };

for (const engine of engines) {
  describe(`SYN-cookie and listen-queue rates, socket counts not read (${engine})`, () => {
    const api = useTestApi(engine);

    test("stored as sent (null as NULL, an older agent's absent fields too), rolled up skipping NULLs, live on trafficUpdated", async () => {
      const address = await api.server.listen(0, "127.0.0.1");
      const owner = await api.signup(`queue-${engine}@example.com`);
      const workspaceId = await createWorkspace(api, owner, `queue-${engine}`);
      const agent = await enrollAgent(api, await createEnrollmentToken(api, owner, workspaceId), "web-1");
      const live = subscribe(
        `ws://127.0.0.1:${address.port}/graphql`,
        TRAFFIC,
        { n: agent.nodeId },
        { authorization: `Bearer ${owner.cookie}` },
      );
      await live.connected;
      await subscriptionsLive(`http://127.0.0.1:${address.port}`, 1);
      const t0 = Math.floor(Date.now() / 60_000) * 60_000 - 4 * 60_000;
      const at = (s: number) => t0 + s * 1000;
      const queue = (sent: number, overflows: number) => ({
        syncookiesSent: sent,
        syncookiesRecv: sent / 10,
        syncookiesFailed: 1,
        listenOverflows: overflows,
        listenDrops: overflows + 2,
      });
      const r = await report(api, { token: agent.token }, [
        sample(at(0), 800), // an older agent: no listen-queue fields at all
        sample(at(1), 800, { ...NOT_READ, syncookiesSent: null, listenOverflows: null }),
        sample(at(2), 800, queue(300, 40)),
        sample(at(3), 800, { ...queue(500, 0), ...NOT_READ }),
      ]);
      assert.equal(r.accepted, 4, JSON.stringify(r));

      const stored = await api.server.services.database.sql.query<Record<string, unknown>>(
        `SELECT syn_recv, tcp_total, syncookies_sent, syncookies_recv, syncookies_failed, listen_overflows, listen_drops
           FROM traffic_sample WHERE node_id = $1 ORDER BY ts`,
        [rawId(agent.nodeId)],
      );
      const none = { syncookies_sent: null, syncookies_recv: null, syncookies_failed: null };
      assert.deepEqual(stored, [
        { syn_recv: 1, tcp_total: 60, ...none, listen_overflows: null, listen_drops: null },
        { syn_recv: null, tcp_total: null, ...none, listen_overflows: null, listen_drops: null },
        {
          syn_recv: 1,
          tcp_total: 60,
          syncookies_sent: 300,
          syncookies_recv: 30,
          syncookies_failed: 1,
          listen_overflows: 40,
          listen_drops: 42,
        },
        {
          syn_recv: null,
          tcp_total: null,
          syncookies_sent: 500,
          syncookies_recv: 50,
          syncookies_failed: 1,
          listen_overflows: 0,
          listen_drops: 2,
        },
      ]);

      const last = (await live.waitFor(1, 15_000)).at(-1).data.trafficUpdated;
      assert.deepEqual(last, {
        synRecv: null,
        tcpTotal: null,
        syncookiesSent: 500,
        listenOverflows: 0,
        listenDrops: 2,
      });
      live.dispose();

      await refreshRollups(api.server.services.database, new Date(at(-60)), new Date());
      const series = await api.gql(
        `query($id: ID!, $from: DateTime!, $to: DateTime!, $hour: DateTime!) { node(id: $id) { ... on MonitoredNode {
           seconds: traffic(from: $from, to: $to, resolution: SECOND) { ${POINTS} }
           minutes: traffic(from: $from, to: $to, resolution: MINUTE) { ${POINTS} }
           hours: traffic(from: $hour, to: $to, resolution: HOUR) { points { syncookiesSent maxSyncookiesSent } } } } }`,
        {
          id: agent.nodeId,
          from: new Date(at(0)).toISOString(),
          to: new Date(at(60)).toISOString(),
          hour: new Date(Math.floor(at(0) / 3_600_000) * 3_600_000).toISOString(),
        },
        owner,
      );
      assert.deepEqual(series.errors, undefined);
      const node = series.data.node;
      assert.deepEqual(
        node.seconds.points.map((p: { syncookiesSent: number | null; synRecv: number | null }) => [
          p.syncookiesSent,
          p.synRecv,
        ]),
        [
          [null, 1],
          [null, null],
          [300, 1],
          [500, null],
        ],
      );
      // The minute: averages over the seconds that were read, not over zeros for the others.
      assert.deepEqual(node.minutes.points, [
        {
          samples: 4,
          rxPps: 800,
          synRecv: 1,
          tcpTotal: 60,
          syncookiesSent: 400,
          maxSyncookiesSent: 500,
          syncookiesRecv: 40,
          syncookiesFailed: 1,
          listenOverflows: 20,
          maxListenOverflows: 40,
          listenDrops: 22,
        },
      ]);
      const hours = node.hours.points.filter(
        (h: { syncookiesSent: number | null }) => h.syncookiesSent !== null,
      );
      assert.deepEqual(hours, [{ syncookiesSent: 400, maxSyncookiesSent: 500 }]);
    });

    test("partly read socket counts and negative rates are refused at their field", async () => {
      const owner = await api.signup(`queue-bad-${engine}@example.com`);
      const workspaceId = await createWorkspace(api, owner, `queue-bad-${engine}`);
      const agent = await enrollAgent(api, await createEnrollmentToken(api, owner, workspaceId), "web-2");
      const t0 = Date.now() - 10_000;
      const r = await report(api, { token: agent.token }, [
        sample(t0, 800, { synRecv: null }),
        sample(t0 + 1000, 800, { syncookiesSent: -1 }),
        sample(t0 + 2000, 800, { listenDrops: 2 }),
      ]);
      assert.equal(r.accepted, 1);
      assert.deepEqual(
        r.rejected.map((e: { path: string }) => e.path),
        ["samples.0.tcpTotal", "samples.1.syncookiesSent"],
      );
    });
  });
}
