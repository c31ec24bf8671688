import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { createEnrollmentToken, enrollAgent, rawId } from "./fixtures.ts";
import { createWorkspace, useTestApi } from "./harness.ts";
import { waitFor } from "./support/job-queue.contract.ts";
import { report, sample } from "./telemetry-client.ts";
import { subscribe, subscriptionsLive } from "./ws-client.ts";

const TRAFFIC = "subscription($n: ID!) { trafficUpdated(nodeId: $n) { rxPps } }";

/** trafficUpdated is published only for nodes someone watches (issue 21, item 6). */
describe("traffic published only for watched nodes", () => {
  const api = useTestApi("pglite");

  test("a watched node's samples reach its subscriber; an unwatched node publishes nothing", async () => {
    const address = await api.server.listen(0, "127.0.0.1");
    const owner = await api.signup("watch@example.com");
    const workspaceId = await createWorkspace(api, owner, "watch");
    const watched = await enrollAgent(api, await createEnrollmentToken(api, owner, workspaceId), "w-1");
    const unwatched = await enrollAgent(api, await createEnrollmentToken(api, owner, workspaceId), "w-2");
    const { pubsub, telemetry } = api.server.services;
    // Taps on the process's pub/sub see every publish (they register no watch themselves).
    const published = { watched: 0, unwatched: 0 };
    for (const [name, agent] of [
      ["watched", watched],
      ["unwatched", unwatched],
    ] as const) {
      void (async () => {
        for await (const _ of pubsub.subscribe("trafficUpdated", rawId(agent.nodeId))) published[name]++;
      })();
    }

    const live = subscribe(
      `ws://127.0.0.1:${address.port}/graphql`,
      TRAFFIC,
      { n: watched.nodeId },
      { authorization: `Bearer ${owner.cookie}` },
    );
    await live.connected;
    await subscriptionsLive(`http://127.0.0.1:${address.port}`, 1);
    assert.ok(telemetry.watch.isWatched(rawId(watched.nodeId)));
    assert.ok(!telemetry.watch.isWatched(rawId(unwatched.nodeId)));

    const t0 = Date.now() - 10_000;
    for (let s = 0; s < 3; s++) {
      assert.equal((await report(api, unwatched, [sample(t0 + s * 1000, 10)])).accepted, 1);
      assert.equal((await report(api, watched, [sample(t0 + s * 1000, 100 + s)])).accepted, 1);
    }
    const updates = await live.waitFor(3);
    assert.deepEqual(
      updates.map((u) => u.data.trafficUpdated.rxPps),
      [100, 101, 102],
    );
    assert.equal(published.watched, 3);
    assert.equal(published.unwatched, 0, "no subscriber: nothing published");

    // The last subscriber leaves: the node stops being published.
    live.dispose();
    await waitFor(() => !telemetry.watch.isWatched(rawId(watched.nodeId)));
    assert.equal((await report(api, watched, [sample(t0 + 5000, 1)])).accepted, 1);
    assert.equal(published.watched, 3);
  });
});
