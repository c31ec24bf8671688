// Each subscription event used to be executed once per subscriber (5,000 dashboards on one
// workspace: 5,000 executions of one event). Now subscribers of one process whose result is
// provably the same share one execution (http/shared-subscription-events.ts); those whose
// result depends on who they are, or on their variables, do not; and each subscriber's own
// access check still decides whether it gets the event at all.
import assert from "node:assert/strict";
import { before, beforeEach, describe, it } from "node:test";
import { publishNodeEvent } from "../src/nodes/node-events.ts";
import { engines } from "./databases.ts";
import { addMember, createNode, mutateOk, rawId } from "./fixtures.ts";
import { type Caller, createWorkspace, useTestApi } from "./harness.ts";
import { subscribe, subscriptionsLive } from "./ws-client.ts";

const EVENT_FIELDS = "subscription($w: ID!) { nodeEvents(workspaceId: $w) { kind nodeId name at } }";
/** Reaches into the node and its workspace: `viewerRole` is the caller's own role there. */
const VIEWER_ROLE =
  "subscription($w: ID!) { nodeEvents(workspaceId: $w) { name node { name workspace { viewerRole } } } }";
/** The same event with or without `name`, as the variable says. */
const NAME_IF =
  "subscription($w: ID!, $withName: Boolean!) { nodeEvents(workspaceId: $w) { kind name @include(if: $withName) } }";

async function metric(base: string, name: string): Promise<number> {
  const text = await (await fetch(`${base}/metrics`)).text();
  const line = text.split("\n").find((l) => l.startsWith(`${name} `));
  return line ? Number(line.split(" ")[1]) : 0;
}

for (const engine of engines) {
  describe(`subscription events executed once per group of identical results (${engine})`, () => {
    const api = useTestApi(engine);
    let ws: string;
    let base: string;
    let owner: Caller;
    let workspaceId: string;
    let nodeId: string;
    let members: (Caller & { membershipId: string })[] = [];
    let published = 0;
    let cases = 0;
    const publish = () =>
      publishNodeEvent(api.server.services, rawId(workspaceId), "UPDATED", {
        id: rawId(nodeId),
        name: `event ${published++}`,
      });
    const counts = async () => ({
      executed: await metric(base, "levee_graphql_subscription_event_executions_total"),
      shared: await metric(base, "levee_graphql_subscription_events_shared_total"),
    });
    const as = (caller: Caller) => (caller.cookie ? { authorization: `Bearer ${caller.cookie}` } : {});
    /**
     * A workspace of its own per case, with a node and members (ANALYST, READONLY, READONLY): a
     * subscription of an earlier case may stream until its next event (its pub/sub wait), and
     * must not hear this case's.
     */
    const freshWorkspace = async () => {
      const n = cases++;
      workspaceId = await createWorkspace(api, owner, `shared-${engine}-${n}`);
      nodeId = await createNode(api, owner, workspaceId, "edge-1");
      members = [];
      for (const [i, role] of (["ANALYST", "READONLY", "READONLY"] as const).entries())
        members.push(await addMember(api, owner, workspaceId, `member${i}-${n}@shared.test`, role));
    };

    before(async () => {
      const { port } = await api.server.listen(0, "127.0.0.1");
      ws = `ws://127.0.0.1:${port}/graphql`;
      base = `http://127.0.0.1:${port}`;
      owner = await api.signup("owner@shared.test");
    });
    beforeEach(freshWorkspace);

    it("subscribers of one document get one execution per event, and the same result", async () => {
      const live = await streaming(base);
      const callers = [owner, ...members];
      const clients = callers.map((caller) => subscribe(ws, EVENT_FIELDS, { w: workspaceId }, as(caller)));
      await untilLive(base, live, clients);
      const before = await counts();
      for (let i = 0; i < 3; i++) publish();
      const received = await Promise.all(clients.map((c) => c.waitFor(3)));
      const after = await counts();
      assert.equal(after.executed - before.executed, 3, "one execution per event");
      assert.equal(after.shared - before.shared, 3 * (clients.length - 1), "the others reused it");
      for (const events of received) assert.deepEqual(events, received[0]);
      assert.deepEqual(
        received[0]?.map((e: any) => e.data.nodeEvents.name),
        [published - 3, published - 2, published - 1].map((n) => `event ${n}`),
      );
      await Promise.all(clients.map((c) => c.dispose()));
    });

    it("a result that reads the caller (its role) is each subscriber's own", async () => {
      const live = await streaming(base);
      // OWNER, ANALYST, READONLY: a result shared by document alone would show one role to all.
      const callers = [owner, members[0] as Caller, members[1] as Caller];
      const clients = callers.map((caller) => subscribe(ws, VIEWER_ROLE, { w: workspaceId }, as(caller)));
      await untilLive(base, live, clients);
      const before = await counts();
      publish();
      const received = await Promise.all(clients.map((c) => c.waitFor(1)));
      const after = await counts();
      assert.deepEqual(
        received.map((events) => events[0].data.nodeEvents.node.workspace.viewerRole),
        ["OWNER", "ANALYST", "READONLY"],
      );
      assert.equal(after.executed - before.executed, clients.length, "one execution per subscriber");
      assert.equal(after.shared - before.shared, 0);
      await Promise.all(clients.map((c) => c.dispose()));
    });

    it("subscribers with other variables do not share", async () => {
      const live = await streaming(base);
      const variables = [true, false, true, false].map((withName) => ({ w: workspaceId, withName }));
      const clients = variables.map((v, i) =>
        subscribe(ws, NAME_IF, v, as(i < 2 ? owner : (members[2] as Caller))),
      );
      await untilLive(base, live, clients);
      const before = await counts();
      publish();
      const received = await Promise.all(clients.map((c) => c.waitFor(1)));
      const after = await counts();
      const name = `event ${published - 1}`;
      assert.deepEqual(
        received.map((events) => events[0].data.nodeEvents),
        [{ kind: "UPDATED", name }, { kind: "UPDATED" }, { kind: "UPDATED", name }, { kind: "UPDATED" }],
      );
      assert.equal(after.executed - before.executed, 2, "one execution per set of variables");
      assert.equal(after.shared - before.shared, 2);
      await Promise.all(clients.map((c) => c.dispose()));
    });

    it("a removed member stops receiving; the others go on sharing", async () => {
      const live = await streaming(base);
      const removed = members[2] as Caller & { membershipId: string };
      const stay = [owner, members[0] as Caller];
      const leaving = subscribe(ws, EVENT_FIELDS, { w: workspaceId }, as(removed));
      const staying = stay.map((caller) => subscribe(ws, EVENT_FIELDS, { w: workspaceId }, as(caller)));
      await untilLive(base, live, [leaving, ...staying]);
      publish();
      await Promise.all([leaving, ...staying].map((c) => c.waitFor(1)));
      await mutateOk(
        api,
        owner,
        "removeMember",
        { membershipId: removed.membershipId },
        "... on RemoveMemberPayload { removedMembershipId }",
      );
      // Its access is re-checked on its events (at most 5 s old): events go on until its stream ends.
      let ended = false;
      void leaving.completed.then(() => {
        ended = true;
      });
      const giveUpAt = Date.now() + 30_000;
      while (!ended) {
        assert.ok(Date.now() < giveUpAt, "the removed member's subscription never ended");
        publish();
        await Promise.all(staying.map((c) => c.waitFor(published - 1 - firstOf(c))));
        await new Promise((r) => setTimeout(r, 250));
      }
      const heardByLeaving = leaving.events.length;
      const before = await counts();
      for (let i = 0; i < 3; i++) publish();
      const received = await Promise.all(staying.map((c) => c.waitFor(published - firstOf(c))));
      const after = await counts();
      assert.equal(leaving.events.length, heardByLeaving, "nothing reached the removed member after its end");
      assert.deepEqual(received[0], received[1]);
      assert.equal(after.executed - before.executed, 3, "the others still share one execution per event");
      assert.equal(after.shared - before.shared, 3);
      await Promise.all([leaving, ...staying].map((c) => c.dispose()));
    });

    /** The number of the first event a client heard (its events are numbered by `publish`). */
    function firstOf(client: { events: any[] }): number {
      const first = client.events[0]?.data.nodeEvents.name as string | undefined;
      return first ? Number(first.split(" ")[1]) : published;
    }
  });
}

/** Waits until `clients` have connected and their subscriptions stream. */
async function untilLive(base: string, live: number, clients: { connected: Promise<void> }[]) {
  await Promise.all(clients.map((c) => c.connected));
  await subscriptionsLive(base, live + clients.length);
}

/** Subscriptions streaming now (read before a case subscribes). */
const streaming = (base: string) => metric(base, "levee_graphql_subscriptions_active");
