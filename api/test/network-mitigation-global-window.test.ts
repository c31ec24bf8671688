import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { tmpdir } from "node:os";
import { after, before, describe, it } from "node:test";
import { Redis } from "ioredis";
import { type Database, openDatabase } from "../src/db/database.ts";
import { createAnnouncementWindow } from "../src/mitigation/network/announcement-window.ts";
import { NetworkMitigationRuntime, SYSTEM_ACTOR } from "../src/mitigation/network/mitigation-runtime.ts";
import { recentAnnouncements } from "../src/mitigation/network/network-mitigation.store.ts";
import { engines, testRedisUrl } from "./databases.ts";
import { mutateOk, rawId, type Tenant } from "./fixtures.ts";
import { useTestApi } from "./harness.ts";
import { BgpLab, bgpLabUnavailable, waitFor } from "./support/bgp-lab.ts";
import { rulesByState, twoTenants } from "./support/two-tenants.ts";

const skip = process.env.CI ? false : bgpLabUnavailable();
const RULE = "... on AnnounceMitigationPayload { outcome failures rule { id state } }";
const ENV = {
  NETWORK_MITIGATION_ALLOWED_PREFIXES: "203.0.113.0/24",
  NETWORK_MITIGATION_SPEAKER_ENDPOINTS: `${tmpdir()}/`,
  NETWORK_MITIGATION_GLOBAL_ANNOUNCEMENTS_PER_MINUTE: "3",
};

/**
 * The platform-wide window (NETWORK_MITIGATION_GLOBAL_ANNOUNCEMENTS_PER_MINUTE=3) with two
 * workspaces announcing RTBH routes to one real GoBGP router seen by a BIRD receiver: at most 3
 * first announcements a minute in all, the rest wait (PENDING) as under a workspace's own window.
 */
for (const engine of engines) {
  describe(`platform-wide announcement window, in-process, on ${engine}`, {
    skip,
    concurrency: false,
    timeout: 180_000,
  }, () => {
    const api = useTestApi(engine, ENV);
    let lab: BgpLab;
    let tenants: [Tenant, Tenant];
    before(async () => {
      lab = new BgpLab();
      lab.startReceiver();
      lab.startGoBgp();
      tenants = await twoTenants(api, lab, `gw${engine}`);
      await lab.sessionUp();
    });
    after(async () => {
      await lab?.close();
    });

    it("holds all workspaces to 3 a minute; the rest wait, across a restart, and go out once the window slid", async () => {
      const [a, b] = tenants;
      const announce = (t: Tenant, host: number) =>
        mutateOk(
          api,
          t.owner,
          "announceMitigation",
          { workspaceId: t.workspaceId, kind: "RTBH", destination: `203.0.113.${host}`, ttlSeconds: 600 },
          RULE,
        );
      const results = [
        await announce(a, 10),
        await announce(b, 130),
        await announce(a, 11),
        await announce(b, 131),
      ];
      assert.deepEqual(
        results.map((r) => [r.outcome, r.rule.state]),
        [
          ["QUEUED", "ANNOUNCED"],
          ["QUEUED", "ANNOUNCED"],
          ["QUEUED", "ANNOUNCED"],
          ["QUEUED", "PENDING"],
        ],
        "the fourth waits although its workspace's own window (20) has room",
      );
      await waitFor(() => lab.received().length === 3, "three routes at the receiver");
      const { services } = api.server;
      const runtime = new NetworkMitigationRuntime(services);
      await runtime.tickAll(false);
      assert.deepEqual((await rulesByState(api, tenants)).pending, 1, "still waiting on the tick");

      // A restarted API counts what the database holds for the last minute.
      const { prisma } = services.database;
      services.networkAnnouncements = createAnnouncementWindow({
        limit: 3,
        recent: (since) => recentAnnouncements(prisma, since),
      });
      await runtime.tickAll(false);
      assert.equal((await rulesByState(api, tenants)).pending, 1, "still waiting after a restart");

      // A minute later (the stored announcements moved back 61 s, a new process): it goes out.
      const { rows } = await rulesByState(api, tenants);
      for (const row of rows.filter((r) => r.announcedAt))
        await prisma.networkMitigationRule.update({
          where: { id: row.id },
          data: { announcedAt: new Date((row.announcedAt as Date).getTime() - 61_000) },
        });
      services.networkAnnouncements = createAnnouncementWindow({
        limit: 3,
        recent: (since) => recentAnnouncements(prisma, since),
      });
      await runtime.tickAll(false);
      assert.deepEqual(await rulesByState(api, tenants).then((s) => [s.announced, s.pending]), [4, 0]);
      await waitFor(
        () => lab.received().some((r) => r.net.startsWith("203.0.113.131/32")),
        "the fourth route",
      );
      const audited = await prisma.auditLog.count({ where: { action: "mitigation.announce" } });
      assert.equal(audited, 4, "each rule announced once");
    });

    it("a window that cannot answer (its database read fails) holds first announcements back, never a withdrawal", async () => {
      const [a] = tenants;
      const { services } = api.server;
      const { prisma } = services.database;
      services.networkAnnouncements = createAnnouncementWindow({
        limit: 3,
        recent: () => Promise.reject(new Error("connection reset")),
      });
      const waiting = await mutateOk(
        api,
        a.owner,
        "announceMitigation",
        { workspaceId: a.workspaceId, kind: "RTBH", destination: "203.0.113.12", ttlSeconds: 600 },
        RULE,
      );
      assert.equal(waiting.outcome, "QUEUED");
      assert.equal(waiting.rule.state, "PENDING");
      assert.match(waiting.failures.join(), /platform-wide announcement window: connection reset/);
      // One of the announced routes reaches its TTL; the tick that withdraws it also offers the waiting rule.
      const expiring = await prisma.networkMitigationRule.findFirstOrThrow({
        where: { workspaceId: rawId(a.workspaceId), state: "ANNOUNCED" },
      });
      await prisma.networkMitigationRule.update({
        where: { id: expiring.id },
        data: { expiresAt: new Date(Date.now() - 1000) },
      });
      const prefix = (expiring.intent as { prefix: string }).prefix.split("/")[0];
      await new NetworkMitigationRuntime(services).tickAll(false);
      const after = await prisma.networkMitigationRule.findMany({
        where: { id: { in: [expiring.id, rawId(waiting.rule.id)] } },
      });
      assert.deepEqual(
        after.map((r) => [r.id, r.state]).sort(),
        [
          [expiring.id, "WITHDRAWN"],
          [rawId(waiting.rule.id), "PENDING"],
        ].sort(),
      );
      await waitFor(
        () => !lab.received().some((r) => r.net.startsWith(`${prefix}/32`)),
        "the expired route withdrawn at the receiver",
      );
    });
  });
}

/**
 * With Redis: two API processes (two rule runtimes with their own database pools and Redis
 * clients) announce for two workspaces at the same moment; the window holds across both.
 */
describe("platform-wide announcement window in Redis, two API instances", {
  skip,
  concurrency: false,
  timeout: 180_000,
}, () => {
  const api = useTestApi("postgres", ENV);
  let lab: BgpLab;
  let tenants: [Tenant, Tenant];
  let second: Database;
  const clients = [new Redis(testRedisUrl), new Redis(testRedisUrl)];
  before(async () => {
    lab = new BgpLab();
    lab.startReceiver();
    lab.startGoBgp();
    tenants = await twoTenants(api, lab, "gwredis");
    second = await openDatabase(api.config.database, { migrate: false });
    await lab.sessionUp();
  });
  after(async () => {
    for (const c of clients) c.disconnect();
    await second?.close();
    await lab?.close();
  });

  it("eight rules asked at once in two workspaces on two instances: 3 announced, 5 waiting", async () => {
    const key = `levee-test:announcements:${randomUUID()}`;
    const { services } = api.server;
    const windowOf = (redis: Redis, db: Database) =>
      createAnnouncementWindow({
        limit: 3,
        redis,
        key,
        recent: (since) => recentAnnouncements(db.prisma, since),
      });
    const one = new NetworkMitigationRuntime({
      ...services,
      networkAnnouncements: windowOf(clients[0] as Redis, services.database),
    });
    const two = new NetworkMitigationRuntime({
      ...services,
      database: second,
      networkAnnouncements: windowOf(clients[1] as Redis, second),
    });
    const ask = (runtime: NetworkMitigationRuntime, t: Tenant, host: number) => {
      const workspaceId = rawId(t.workspaceId);
      return runtime.withWorkspace(workspaceId, SYSTEM_ACTOR, (m) =>
        m.request({
          workspaceId,
          intent: { kind: "RTBH", prefix: `203.0.113.${host}`, nextHop: undefined as never, communities: [] },
          ttlSeconds: 600,
        }),
      );
    };
    const [a, b] = tenants;
    const outcomes = await Promise.all([
      ...[20, 21, 22, 23].map((h) => ask(one, a, h)),
      ...[140, 141, 142, 143].map((h) => ask(two, b, h)),
    ]);
    assert.ok(
      outcomes.every((o) => o?.ok && o.outcome === "QUEUED"),
      JSON.stringify(outcomes),
    );
    const state = await rulesByState(api, tenants);
    assert.deepEqual([state.announced, state.pending], [3, 5]);
    assert.equal(await clients[0]?.zcard(key), 3, "three places held in Redis");
    const announced = await services.database.prisma.auditLog.findMany({
      where: { action: "mitigation.announce" },
      select: { targetId: true },
    });
    assert.deepEqual(
      announced.map((r) => r.targetId).sort(),
      state.rows
        .filter((r) => r.state === "ANNOUNCED")
        .map((r) => r.id)
        .sort(),
      "each announced rule sent once",
    );
    await waitFor(() => lab.received().length === 3, "three routes at the receiver");
    // Both tick at once: the window is full for both.
    await Promise.all([one.tickAll(false), two.tickAll(false)]);
    assert.equal((await rulesByState(api, tenants)).announced, 3);
    await clients[0]?.del(key);
  });
});
