import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { MAX_SLOT } from "@levee/shared/firewall";
import type { Database } from "../src/db/database.ts";
import { migrate, readMigrations } from "../src/db/migrate.ts";
import { isRuleIncidentConflict, onIncidentEvent } from "../src/mitigation/firewall/incident-triggers.ts";
import { createTestDatabase, engines, type TestDatabase } from "./databases.ts";
import { createEnrollmentToken, enrollAgent, mutate, rawId } from "./fixtures.ts";
import { createWorkspace, useTestApi } from "./harness.ts";
import { report, sample } from "./telemetry-client.ts";

// Each live action of a node holds its own tc slot (the tc priority its filter sits at; undoing
// one deletes every filter at that priority). Firings on one node at once used to read the same
// free slot: now they claim it one after the other, and the database refuses a shared one.

const LIVE = ["PENDING", "ACTIVE", "UNDO_PENDING"] as const;

for (const engine of engines) {
  describe(`tc slots of a node's actions (${engine})`, () => {
    const api = useTestApi(engine);

    it("rules saved during an attack and manual runs, all at once, end with distinct slots", async () => {
      const owner = await api.signup(`slots-${engine}@example.com`);
      const workspaceId = await createWorkspace(api, owner, `slots-${engine}`);
      const agent = await enrollAgent(
        api,
        await createEnrollmentToken(api, owner, workspaceId),
        "slot-agent",
      );
      const incidentId = (await report(api, { token: agent.token }, [sample(Date.now() - 20_000, 50_000)]))
        .detection.incidentId;
      assert.ok(incidentId, "an incident is open");

      const params = (i: number) => ({ protocol: "udp", ports: [1000 + i] });
      // Each rule fires on the open incident inside its own mutation (fireRuleOnOpenIncidents).
      const rules = Array.from({ length: 4 }, (_, i) =>
        mutate(
          api,
          owner,
          "createMitigationRule",
          {
            workspaceId,
            name: `rule ${i}`,
            nodeId: agent.nodeId,
            actionType: "NFT_DROP_SOURCE_PORTS",
            params: params(i),
            trigger: "THRESHOLD",
            ttlSeconds: 600,
          },
          "... on MitigationRulePayload { rule { id } }",
        ),
      );
      const runs = Array.from({ length: 4 }, (_, i) =>
        mutate(
          api,
          owner,
          "runMitigation",
          {
            nodeId: agent.nodeId,
            actionType: "NFT_DROP_SOURCE_PORTS",
            params: params(10 + i),
            ttlSeconds: 600,
          },
          "... on MitigationActionPayload { action { id } }",
        ),
      );
      for (const result of await Promise.all([...rules, ...runs]))
        assert.ok(
          result.payload && !("code" in result.payload),
          JSON.stringify(result.errors ?? result.payload),
        );

      const actions = await api.server.services.database.prisma.mitigationAction.findMany({
        where: { nodeId: rawId(agent.nodeId), state: { in: [...LIVE] } },
        select: { slot: true },
      });
      assert.equal(actions.length, 8, "every rule fired once and every run was saved");
      const slots = actions.map((a) => a.slot).sort((a, b) => a - b);
      assert.deepEqual(slots, [1, 2, 3, 4, 5, 6, 7, 8], "one slot each, the lowest free ones");

      // One rule, two of the incident's event jobs at once: one action, and the second firing
      // (refused by the rule-and-incident index, not by the slot's) passes quietly.
      const prisma = api.server.services.database.prisma;
      const incident = await prisma.incident.findUniqueOrThrow({ where: { id: rawId(incidentId) } });
      await prisma.mitigationRule.create({
        data: {
          workspaceId: incident.workspaceId,
          nodeId: incident.nodeId,
          name: "twice",
          actionType: "NFT_DROP_SOURCE_PORTS",
          params: params(20),
          trigger: "THRESHOLD",
          ttlSeconds: 600,
        },
      });
      const event = {
        kind: "UPDATED" as const,
        incidentId: incident.id,
        nodeId: incident.nodeId,
        workspaceId: incident.workspaceId,
        at: new Date().toISOString(),
      };
      await Promise.all([
        onIncidentEvent(api.server.services, event),
        onIncidentEvent(api.server.services, event),
      ]);
      const after = await prisma.mitigationAction.findMany({
        where: { nodeId: incident.nodeId, state: { in: [...LIVE] } },
        select: { slot: true },
      });
      assert.deepEqual(
        after.map((a) => a.slot).sort((a, b) => a - b),
        [1, 2, 3, 4, 5, 6, 7, 8, 9],
      );
    });

    it("a node whose every slot is held refuses another action with a clear error", async () => {
      const owner = await api.signup(`full-${engine}@example.com`);
      const workspaceId = await createWorkspace(api, owner, `full-${engine}`);
      const agent = await enrollAgent(
        api,
        await createEnrollmentToken(api, owner, workspaceId),
        "full-agent",
      );
      await api.server.services.database.prisma.mitigationAction.createMany({
        data: Array.from({ length: MAX_SLOT }, (_, i) => ({
          id: `full${String(i).padStart(8, "0")}`,
          workspaceId: rawId(workspaceId),
          nodeId: rawId(agent.nodeId),
          actionType: "NFT_DROP_SOURCE_PORTS",
          params: {},
          slot: i + 1,
          warnings: [],
        })),
      });
      const result = await mutate(
        api,
        owner,
        "runMitigation",
        {
          nodeId: agent.nodeId,
          actionType: "NFT_DROP_SOURCE_PORTS",
          params: { protocol: "udp", ports: [53] },
          ttlSeconds: 600,
        },
        "... on MitigationActionPayload { action { id } }",
      );
      assert.equal(result.payload?.code, "CONFLICT", JSON.stringify(result));
      assert.match(result.payload?.message, /Every tc slot of this node \(16383\) is held/);
    });
  });

  describe(`a firing's unique violations told apart (${engine})`, () => {
    let testDb: TestDatabase;
    let db: Database;
    before(async () => {
      testDb = await createTestDatabase(engine);
      db = await testDb.open({ migrate: true });
    });
    after(async () => {
      await db.close();
      await testDb.drop();
    });

    // The concurrent firings above reach the rule-and-incident index only when both pass the
    // existence check first; here each violation is made on purpose, as the engine reports it.
    it("the rule already fired for the incident, not a shared slot nor another unique key", async () => {
      const p = db.prisma;
      const ws = await p.workspace.create({ data: { slug: `unique-${engine}`, name: "W" } });
      const node = await p.node.create({ data: { workspaceId: ws.id, name: "n1" } });
      const now = new Date();
      const attack = await p.attack.create({ data: { workspaceId: ws.id, startedAt: now } });
      const incident = await p.incident.create({
        data: {
          workspaceId: ws.id,
          nodeId: node.id,
          attackId: attack.id,
          severity: "HIGH",
          startedAt: now,
          lastAttackAt: now,
          peakPps: 1,
          peakBps: 1,
          thresholds: {},
        },
      });
      const rule = await p.mitigationRule.create({
        data: {
          workspaceId: ws.id,
          name: "r",
          actionType: "NFT_DROP_SOURCE_PORTS",
          params: {},
          trigger: "THRESHOLD",
          ttlSeconds: 600,
        },
      });
      const action = (id: string, slot: number, ruleId: string | null) =>
        p.mitigationAction.create({
          data: {
            id,
            workspaceId: ws.id,
            nodeId: node.id,
            incidentId: incident.id,
            ruleId,
            actionType: "NFT_DROP_SOURCE_PORTS",
            params: {},
            slot,
            warnings: [],
          },
        });
      const violation = (write: Promise<unknown>) =>
        write.then(
          () => assert.fail("a unique violation"),
          (error: unknown) => error,
        );
      await action("fired001", 1, rule.id);
      const again = await violation(action("fired002", 2, rule.id));
      const sharedSlot = await violation(action("manual01", 1, null));
      const sameId = await violation(action("fired001", 3, null));
      for (const error of [again, sharedSlot, sameId])
        assert.equal((error as { code?: string }).code, "P2002");
      assert.equal(isRuleIncidentConflict(again), true, "the rule fired for this incident already");
      assert.equal(isRuleIncidentConflict(sharedSlot), false, "a shared tc slot fails loudly");
      assert.equal(isRuleIncidentConflict(sameId), false, "another unique key fails loudly");
      assert.equal(isRuleIncidentConflict(new Error("mitigation_action_rule_id_incident_id_key")), false);
    });
  });

  describe(`the live-slot migration (${engine})`, () => {
    const MIGRATION = "20261206110000_mitigation_action_live_slot";
    let testDb: TestDatabase;
    let db: Database;
    before(async () => {
      testDb = await createTestDatabase(engine, { fresh: true }); // migrated here up to a point
      db = await testDb.open({ migrate: false });
    });
    after(async () => {
      await db.close();
      await testDb.drop();
    });

    it("takes back the later actions that shared a slot, then refuses a shared slot", async () => {
      await migrate(
        db.sql,
        readMigrations().filter((m) => m.name < MIGRATION),
      );
      const p = db.prisma;
      // The workspace row in SQL: Prisma's model has columns later migrations add (time_zone).
      const [ws] = await db.sql.query<{ id: string }>(
        "INSERT INTO workspace (id, slug, name, updated_at) VALUES (gen_random_uuid(), $1, 'W', now()) RETURNING id",
        [`slot-mig-${engine}`],
      );
      assert.ok(ws);
      const node = await p.node.create({ data: { workspaceId: ws.id, name: "n1" } });
      const other = await p.node.create({ data: { workspaceId: ws.id, name: "n2" } });
      const action = (id: string, nodeId: string, slot: number, state: string, minutesAgo: number) =>
        p.mitigationAction.create({
          data: {
            id,
            workspaceId: ws.id,
            nodeId,
            actionType: "TC_RATE_LIMIT",
            params: {},
            slot,
            state: state as (typeof LIVE)[number],
            warnings: [],
            createdAt: new Date(Date.now() - minutesAgo * 60_000),
          },
        });
      // As the race left them: slot 1 twice (an undo on the way, then two wanted ones), slot 2
      // twice; a finished action and another node's action on slot 1 do not count.
      await action("undoing1", node.id, 1, "UNDO_PENDING", 30);
      await action("active01", node.id, 1, "ACTIVE", 20);
      await action("pending1", node.id, 1, "PENDING", 10);
      await action("active02", node.id, 2, "ACTIVE", 20);
      await action("pending2", node.id, 2, "PENDING", 20);
      await action("undone01", node.id, 1, "UNDONE", 40);
      await action("othernd1", other.id, 1, "ACTIVE", 20);

      assert.deepEqual(
        await migrate(db.sql),
        readMigrations()
          .map((m) => m.name)
          .filter((n) => n >= MIGRATION),
      );

      const states = Object.fromEntries(
        (await p.mitigationAction.findMany({ select: { id: true, state: true } })).map((a) => [
          a.id,
          a.state,
        ]),
      );
      assert.deepEqual(states, {
        undoing1: "FAILED",
        active01: "ACTIVE",
        pending1: "FAILED",
        active02: "ACTIVE",
        pending2: "FAILED",
        undone01: "UNDONE",
        othernd1: "ACTIVE",
      });
      const events = await p.mitigationEvent.findMany({ orderBy: { actionId: "asc" } });
      assert.deepEqual(
        events.map((e) => [e.actionId, e.kind]),
        [
          ["pending1", "FAILED"],
          ["pending2", "FAILED"],
          ["undoing1", "FAILED"],
        ],
      );
      assert.match(events[0]?.message ?? "", /shared tc slot 1/);

      await assert.rejects(action("second01", node.id, 1, "PENDING", 0), { code: "P2002" });
      await action("freeslot", node.id, 3, "PENDING", 0);
      await action("failed01", node.id, 1, "FAILED", 0);
    });
  });
}
