import assert from "node:assert/strict";
import { type ChildProcess, spawn } from "node:child_process";
import { createServer } from "node:net";
import { after, before, describe, it } from "node:test";
import { nodeArgs } from "../../scripts/precompile.ts";
import { testRedisUrl } from "./databases.ts";
import { type Caller, createWorkspace, useTestApi } from "./harness.ts";
import { subscribe, subscriptionsLive } from "./ws-client.ts";

/**
 * Production mode across processes: instance 1 runs in this process, instance 2 is a real
 * second API process (api/src/main.ts) on the same PostgreSQL database and Redis. A
 * subscription held on instance 1 must see a change made through instance 2.
 */
describe("two API instances share subscriptions through Redis", () => {
  let second: ChildProcess;
  let secondUrl: string;
  const api = useTestApi("postgres", { REDIS_URL: testRedisUrl });
  let owner: Caller;
  let workspaceId: string;
  let wsUrl: string;

  before(async () => {
    const address = await api.server.listen(0, "127.0.0.1");
    wsUrl = `ws://127.0.0.1:${address.port}/graphql`;
    // A free port (a random one could be taken by a suite running beside this one).
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
    const { port } = probe.address() as { port: number };
    await new Promise((resolve) => probe.close(resolve));
    secondUrl = `http://127.0.0.1:${port}/graphql`;
    const db = api.config.database; // instance 2 opens the very database instance 1 uses
    assert.equal(db.kind, "postgres");
    second = spawn(process.execPath, await nodeArgs(new URL("../src/main.ts", import.meta.url).pathname), {
      cwd: new URL("..", import.meta.url).pathname,
      env: {
        ...process.env,
        PORT: String(port),
        HOST: "127.0.0.1",
        DATABASE_URL: db.kind === "postgres" ? db.url : "",
        REDIS_URL: testRedisUrl,
        LOG_LEVEL: "warn",
      },
      stdio: ["ignore", "ignore", "inherit"],
    });
    // Until it answers (a start-up bound, not a race: it used to go on after 15 s whether or not the
    // second API was up, and the test then failed for the wrong reason on a loaded machine).
    for (const giveUp = Date.now() + 120_000; ; await new Promise((r) => setTimeout(r, 100))) {
      const up = await fetch(secondUrl.replace("/graphql", "/healthz")).then(
        (r) => r.ok,
        () => false,
      );
      if (up) break;
      assert.ok(Date.now() < giveUp && second.exitCode === null, "the second API did not start");
    }
    owner = await api.signup("msp@example.com");
    workspaceId = await createWorkspace(api, owner, "two-instances");
  });
  after(() => {
    second?.kill("SIGTERM");
    return new Promise((r) => (second?.exitCode !== null ? r(null) : second.on("exit", r)));
  });

  it("an event published by instance 2 reaches a subscriber on instance 1", async () => {
    const sub = subscribe(
      wsUrl,
      `subscription($w: ID!) { nodeEvents(workspaceId: $w) { kind name } }`,
      { w: workspaceId },
      {
        authorization: `Bearer ${owner.cookie}`,
      },
    );
    await sub.connected;
    await subscriptionsLive(wsUrl.replace("ws://", "http://").replace("/graphql", ""), 1);
    const response = await fetch(secondUrl, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${owner.cookie}` },
      body: JSON.stringify({
        query: `mutation($w: ID!) { createNode(input: { workspaceId: $w, name: "via-instance-2" }) { __typename } }`,
        variables: { w: workspaceId },
      }),
    });
    assert.equal((await response.json()).data.createNode.__typename, "NodePayload");
    const [event] = await sub.waitFor(1, 10_000);
    assert.deepEqual(event.data.nodeEvents, { kind: "CREATED", name: "via-instance-2" });
    await sub.dispose();
  });

  it("a node deleted through instance 2 completes its trafficUpdated on instance 1", async () => {
    const created = await api.gql(
      `mutation($w: ID!) { createNode(input: { workspaceId: $w, name: "deleted-via-2" }) {
        ... on NodePayload { node { id } } } }`,
      { w: workspaceId },
      owner,
    );
    const nodeId = created.data.createNode.node.id as string;
    const sub = subscribe(
      wsUrl,
      "subscription($n: ID!) { trafficUpdated(nodeId: $n) { rxPps } }",
      { n: nodeId },
      { authorization: `Bearer ${owner.cookie}` },
    );
    await sub.connected;
    await subscriptionsLive(wsUrl.replace("ws://", "http://").replace("/graphql", ""), 1);
    const response = await fetch(secondUrl, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${owner.cookie}` },
      body: JSON.stringify({
        query: "mutation($n: ID!) { deleteNode(input: { nodeId: $n }) { __typename } }",
        variables: { n: nodeId },
      }),
    });
    assert.equal((await response.json()).data.deleteNode.__typename, "DeleteNodePayload");
    const completed = await Promise.race([
      sub.completed.then(() => true),
      new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 10_000).unref()),
    ]);
    assert.ok(completed, "still streaming 10 s after instance 2 deleted the node");
    assert.deepEqual(sub.errors, []);
    await sub.dispose();
  });
});
