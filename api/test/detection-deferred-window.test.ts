import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { type NodeStats, persistBaselines } from "../src/detection/baseline.store.ts";
import { BaselineWindow } from "../src/detection/baseline.ts";
import { loadNodeDetections, loadStoredDetections } from "../src/detection/node-detection.loader.ts";
import { engines } from "./databases.ts";
import { createEnrollmentToken, enrollAgent, rawId } from "./fixtures.ts";
import { type Caller, createWorkspace, type TestApi, useTestApi } from "./harness.ts";
import { report, sample } from "./telemetry-client.ts";

/** Normal traffic around 5,000 pps: p99 × 3 lands above the 10,000 pps floor, so it is LEARNED. */
const normal = (i: number) => 5000 + ((i * 37) % 600) - 300;
const DAY = 86_400_000;

/** Stores samples (sample()'s fields) as the ingest path would, quiet or flagged attack. */
async function storeSamples(
  api: TestApi,
  nodeId: string,
  rows: { ts: number; pps: number; attack: boolean }[],
) {
  await api.server.services.database.sql.query(
    `INSERT INTO traffic_sample (node_id, ts, interface, rx_pps, rx_bps, tx_pps, tx_bps, tcp_pps, udp_pps,
                                 icmp_pps, other_pps, syn_recv, tcp_established, tcp_total, attack)
     SELECT $1, u.ts, 'eth0', u.pps, u.pps * 4800, u.pps / 2, u.pps * 2400, u.pps * 0.7, u.pps * 0.25,
            u.pps * 0.01, u.pps * 0.04, 1, 40, 60, u.attack
       FROM unnest($2::timestamptz[], $3::float8[], $4::bool[]) AS u(ts, pps, attack)`,
    [nodeId, rows.map((r) => new Date(r.ts)), rows.map((r) => r.pps), rows.map((r) => r.attack)],
  );
}

/** The window a node's stored quiet samples give (oldest first), as the engine builds it. */
function windowOf(pps: number[]): BaselineWindow {
  const window = new BaselineWindow();
  for (const p of pps) window.add(sample(0, p));
  return window;
}

/** Saves statistics for a node as the engine does, then dates them `savedAt`. */
async function saveStats(api: TestApi, nodeId: string, stats: NodeStats, savedAt: number) {
  const { sql } = api.server.services.database;
  await persistBaselines(sql, new Map([[nodeId, stats]]));
  await sql.query("UPDATE node_baseline SET updated_at = $2 WHERE node_id = $1", [nodeId, new Date(savedAt)]);
}

const history = (from: number, count: number) =>
  Array.from({ length: count }, (_, i) => ({ ts: from + i * 1000, pps: normal(i), attack: false }));

/**
 * A node reconnecting after an API restart is admitted with the statistics it last saved, and its
 * stored window is read afterwards (node-detection.loader.ts, WindowDeferral): only when the saved
 * statistics are as good as the window, never leaving it worse, never with statistics whose
 * samples retention has deleted; and detection is the same as with the window read at once.
 */
for (const engine of engines) {
  describe(`returning nodes admitted with saved statistics (${engine})`, () => {
    const api = useTestApi(engine);
    let owner: Caller & { userId: string };
    let workspaceId: string;
    const agents: { token: string; nodeId: string }[] = [];
    const enroll = async (name: string) => {
      owner ??= await api.signup(`deferred-${engine}@example.com`);
      workspaceId ??= await createWorkspace(api, owner, `deferred-${engine}`);
      const agent = await enrollAgent(api, await createEnrollmentToken(api, owner, workspaceId), name);
      agents.push(agent);
      return { caller: { token: agent.token }, id: rawId(agent.nodeId) };
    };
    const detection = () => api.server.services.telemetry.detection;
    // The stored history ends 10 minutes ago; the node comes back 5 minutes ago (sample time).
    const t0 = Date.now() - 30 * 60_000;
    const back = Date.now() - 5 * 60_000;
    const ppsThreshold = (r: Record<string, any>) =>
      r.detection.thresholds.find((t: { metric: string }) => t.metric === "PPS");

    test("a returning node with good saved statistics: quiet stays NORMAL, a flood is an ATTACK at once", async () => {
      const { caller, id } = await enroll("flood");
      const rows = history(t0, 300);
      await storeSamples(api, id, rows);
      const window = windowOf(rows.map((r) => r.pps));
      await saveStats(api, id, window.stats(), t0 + 300_000);
      detection().forget(id);
      const quiet = await report(api, caller, [sample(back, 5000)]);
      assert.equal(quiet.detection.state, "NORMAL", "judged against its learned baseline, not the floor");
      assert.equal(ppsThreshold(quiet).source, "LEARNED");
      assert.ok(Math.abs(ppsThreshold(quiet).threshold - 3 * window.stats().PPS.p99) < 1e-6);
      const flood = await report(api, caller, [sample(back + 1000, 200_000)]);
      assert.equal(flood.detection.state, "ATTACK");
      assert.ok(flood.detection.incidentId, "the flood opens an incident");
      await detection().readDeferredWindows();
      const after = await report(api, caller, [sample(back + 2000, 200_000)]);
      assert.equal(after.detection.state, "ATTACK", "still an attack once its window is read");
    });

    test("the stored window read afterwards replaces the saved statistics, live seconds kept after it", async () => {
      const { caller, id } = await enroll("replaced");
      const rows = history(t0, 300);
      await storeSamples(api, id, rows);
      // Saved a while before the last stored seconds: not what the window gives now.
      const saved = windowOf(rows.slice(0, 250).map((r) => 4000 + (r.pps - 5000) / 2)).stats();
      for (const stats of Object.values(saved)) stats.samples = 300;
      await saveStats(api, id, saved, t0 + 250_000);
      detection().forget(id);
      const admitted = await report(api, caller, [sample(back, 5000)]);
      assert.ok(
        Math.abs(ppsThreshold(admitted).threshold - 3 * saved.PPS.p99) < 1e-6,
        "saved stats stand in",
      );
      await detection().readDeferredWindows();
      const expected = windowOf([...rows.map((r) => r.pps), 5000]);
      const view = await detection().describe(id);
      assert.deepEqual(view?.stats, expected.stats(), "the stored window, then the live second");
      assert.ok(Math.abs((view?.thresholds[0]?.threshold ?? 0) - 3 * expected.stats().PPS.p99) < 1e-6);
    });

    test("stats saved after the node's first quiet seconds are not its baseline: its window is read at admission", async () => {
      const { caller, id } = await enroll("early-save");
      const rows = history(t0, 300);
      await storeSamples(api, id, rows);
      // Statistics of the node's first seconds (a shutdown in its first minutes saves what it has learned).
      await saveStats(api, id, windowOf([rows[0]?.pps ?? 0]).stats(), t0);
      detection().forget(id);
      const r = await report(api, caller, [sample(back, 5000)]);
      assert.equal(
        r.detection.state,
        "NORMAL",
        "learned from its 300 stored seconds, not learning at the floor",
      );
      assert.equal(ppsThreshold(r).source, "LEARNED");
      const view = await detection().describe(id);
      assert.equal(view?.stats?.PPS.samples, 300);
    });

    test("a new node's first statistics are not saved; they are once BASELINE_SAVE_SECONDS of samples passed", async () => {
      const { caller, id } = await enroll("first-save");
      const saved = async () =>
        (
          await api.server.services.database.sql.query<{ samples: number }>(
            "SELECT samples FROM node_baseline WHERE node_id = $1 AND metric = 'PPS'",
            [id],
          )
        ).map((r) => r.samples);
      await report(api, caller, [sample(t0, 5000)]);
      await detection().saveBaselines();
      assert.deepEqual(await saved(), [], "one quiet second is not a baseline worth a row");
      // 301 s of sample time later (BASELINE_SAVE_SECONDS is 300): recomputed and saved.
      await report(api, caller, [sample(t0 + 301_000, 5000)]);
      await detection().saveBaselines();
      assert.deepEqual(await saved(), [2]);
    });

    test("a deferred read finding no quiet samples keeps the saved statistics, and so do live seconds after it", async () => {
      const { caller, id } = await enroll("no-window");
      // Its stored seconds are all flagged attack: the window read finds nothing quiet.
      await storeSamples(
        api,
        id,
        history(t0, 300).map((r) => ({ ...r, attack: true })),
      );
      const saved = windowOf(history(t0, 300).map((r) => r.pps)).stats();
      await saveStats(api, id, saved, t0 + 300_000);
      detection().forget(id);
      const first = await report(api, caller, [sample(back, 5000)]);
      assert.equal(first.detection.state, "NORMAL");
      await detection().readDeferredWindows();
      // Past BASELINE_RECOMPUTE_SECONDS (30): a recompute is due, from a window of two seconds.
      const later = await report(api, caller, [sample(back + 60_000, 5000)]);
      assert.equal(later.detection.state, "NORMAL", "still judged against the saved baseline");
      assert.equal(ppsThreshold(later).source, "LEARNED");
      assert.ok(Math.abs(ppsThreshold(later).threshold - 3 * saved.PPS.p99) < 1e-6);
      const view = await detection().describe(id);
      assert.equal(view?.stats?.PPS.samples, 300);
    });

    test("stats saved longer ago than samples are kept are not used: the node comes back learning", async () => {
      const { caller, id } = await enroll("long-gone");
      // Its samples are gone (TELEMETRY_RETENTION_DAYS is 30); its statistics of 40 days ago remain.
      const old = windowOf(history(t0, 300).map((r) => r.pps / 2)).stats();
      await saveStats(api, id, old, Date.now() - 40 * DAY);
      detection().forget(id);
      const r = await report(api, caller, [sample(back, 5000)]);
      assert.equal(ppsThreshold(r).source, "FLOOR", "learning, as with its (empty) window read");
      const view = await detection().describe(id);
      assert.equal(view?.stats?.PPS.samples ?? 1, 1, "learned from its one live second only");
    });

    test("the loader: which nodes are admitted with saved statistics", async () => {
      const services = api.server.services;
      const good = await enroll("loader-good");
      const partial = await enroll("loader-partial");
      const rows = history(t0, 300);
      for (const node of [good, partial]) {
        await storeSamples(api, node.id, rows);
        await saveStats(api, node.id, windowOf(rows.map((r) => r.pps)).stats(), t0 + 300_000);
      }
      // A metric without a saved row (saved before it existed): its window is read at admission.
      await services.database.sql.query(
        "DELETE FROM node_baseline WHERE node_id = $1 AND metric = 'TCP_SOCKETS'",
        [partial.id],
      );
      const deferral = { retentionDays: 30, now: Date.now() };
      const loaded = await loadNodeDetections(services, [good.id, partial.id], deferral);
      const lastTs = t0 + 299_000;
      assert.equal(
        loaded.get(good.id)?.windowBefore,
        lastTs,
        "its window is read later, up to its last second",
      );
      assert.equal(loaded.get(good.id)?.window.size, 0);
      assert.equal(loaded.get(partial.id)?.windowBefore, null);
      assert.equal(loaded.get(partial.id)?.window.size, 300);
      // Retention shorter than the statistics' age: not used.
      const short = await loadNodeDetections(services, [good.id], {
        retentionDays: 1,
        now: t0 + DAY + 60_000,
      });
      assert.equal(short.get(good.id)?.windowBefore, null);
      assert.equal(short.get(good.id)?.window.size, 300);
    });

    test("the loader: a read-only view holds the saved statistics to the bit, a metric without a row unlearned", async () => {
      const services = api.server.services;
      const node = await enroll("loader-view");
      const stats = windowOf(history(t0, 300).map((r) => r.pps)).stats();
      await saveStats(api, node.id, stats, t0 + 300_000);
      await services.database.sql.query(
        "DELETE FROM node_baseline WHERE node_id = $1 AND metric = 'TCP_SOCKETS'",
        [node.id],
      );
      const view = (await loadStoredDetections(services, [node.id])).get(node.id);
      // node_baseline keeps no count of read seconds: sample() reads no SYN cookies, whose window
      // statistics say so (read: 0), and come back without it.
      const saved = Object.fromEntries(
        Object.entries(stats).map(([metric, { read: _read, ...rest }]) => [metric, rest]),
      );
      assert.deepEqual(view?.stats, { ...saved, TCP_SOCKETS: { samples: 0, avg: 0, p95: 0, p99: 0 } });
      assert.equal(view?.window.size, 0);
    });
  });
}
