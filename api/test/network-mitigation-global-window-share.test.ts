import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { tmpdir } from "node:os";
import { after, before, describe, it } from "node:test";
import { Redis } from "ioredis";
import { type Database, openDatabase } from "../src/db/database.ts";
import { createAnnouncementWindow } from "../src/mitigation/network/announcement-window.ts";
import { NetworkMitigationRuntime, SYSTEM_ACTOR } from "../src/mitigation/network/mitigation-runtime.ts";
import { recentAnnouncements } from "../src/mitigation/network/network-mitigation.store.ts";
import { testRedisUrl } from "./databases.ts";
import { mutateOk, rawId, type Tenant } from "./fixtures.ts";
import { type TestApi, useTestApi } from "./harness.ts";
import { BgpLab, bgpLabUnavailable, waitFor } from "./support/bgp-lab.ts";
import { twoTenants } from "./support/two-tenants.ts";

const skip = process.env.CI ? false : bgpLabUnavailable();
const RULE = "... on AnnounceMitigationPayload { outcome failures rule { id state } }";
/** Four places a minute in all, half of them (two) for one workspace. */
const ENV = {
  NETWORK_MITIGATION_ALLOWED_PREFIXES: "203.0.113.0/24",
  NETWORK_MITIGATION_SPEAKER_ENDPOINTS: `${tmpdir()}/`,
  NETWORK_MITIGATION_GLOBAL_ANNOUNCEMENTS_PER_MINUTE: "4",
  NETWORK_MITIGATION_GLOBAL_WORKSPACE_SHARE: "50",
};

/** [announced, pending] of one workspace's rules. */
async function states(api: TestApi, t: Tenant): Promise<[number, number]> {
  const rows = await api.server.services.database.prisma.networkMitigationRule.findMany({
    where: { workspaceId: rawId(t.workspaceId) },
    select: { state: true },
  });
  return [
    rows.filter((r) => r.state === "ANNOUNCED").length,
    rows.filter((r) => r.state === "PENDING").length,
  ];
}

/**
 * A workspace's fair share of the platform-wide window, with two workspaces announcing RTBH routes
 * to one real GoBGP router seen by a BIRD receiver: workspace A floods, workspace B still gets
 * places, and what A is refused waits (PENDING) until its places slide out.
 */
describe("platform-wide window: a workspace's fair share, through the API (settings from the environment)", {
  skip,
  concurrency: false,
  timeout: 180_000,
}, () => {
  const api = useTestApi("postgres", ENV);
  let lab: BgpLab;
  let tenants: [Tenant, Tenant];
  before(async () => {
    lab = new BgpLab();
    lab.startReceiver();
    lab.startGoBgp();
    tenants = await twoTenants(api, lab, "gsapi");
    await lab.sessionUp();
  });
  after(async () => {
    await lab?.close();
  });

  it("A floods five rules: two go out, three wait; B's two still go out", async () => {
    const [a, b] = tenants;
    const announce = (t: Tenant, host: number) =>
      mutateOk(
        api,
        t.owner,
        "announceMitigation",
        { workspaceId: t.workspaceId, kind: "RTBH", destination: `203.0.113.${host}`, ttlSeconds: 600 },
        RULE,
      );
    const flood = [];
    for (const host of [10, 11, 12, 13, 14]) flood.push(await announce(a, host));
    assert.deepEqual(
      flood.map((r) => r.rule.state),
      ["ANNOUNCED", "ANNOUNCED", "PENDING", "PENDING", "PENDING"],
      "A holds its share (2 of 4) although the window and its own window have room",
    );
    assert.deepEqual(await states(api, a), [2, 3]);
    for (const host of [130, 131]) assert.equal((await announce(b, host)).rule.state, "ANNOUNCED");
    await waitFor(() => lab.received().length === 4, "four routes at the receiver, two of each workspace");
    await new NetworkMitigationRuntime(api.server.services).tickAll(false);
    assert.deepEqual(await states(api, a), [2, 3], "a tick changes nothing: A's rules wait");
  });
});

/**
 * With Redis: two API processes (two rule runtimes with their own database pools and Redis
 * clients) share the window and its shares; a re-seed from the database (Redis lost its data, new
 * processes) keeps them, and A's waiting rules go out as its places slide.
 */
describe("platform-wide window: a workspace's fair share in Redis, two API instances, a re-seed", {
  skip,
  concurrency: false,
  timeout: 180_000,
}, () => {
  const api = useTestApi("postgres", ENV);
  let lab: BgpLab;
  let tenants: [Tenant, Tenant];
  let second: Database;
  const clients = [new Redis(testRedisUrl), new Redis(testRedisUrl)];
  const key = `levee-test:announcements:${randomUUID()}`;
  before(async () => {
    lab = new BgpLab();
    lab.startReceiver();
    lab.startGoBgp();
    tenants = await twoTenants(api, lab, "gsredis");
    second = await openDatabase(api.config.database, { migrate: false });
    await lab.sessionUp();
  });
  after(async () => {
    await clients[0]?.del(key);
    for (const c of clients) c.disconnect();
    await second?.close();
    await lab?.close();
  });

  /** Two API instances, each with its window (a new window: a restarted process). */
  const instances = () => {
    const { services } = api.server;
    const windowOf = (redis: Redis, db: Database) =>
      createAnnouncementWindow({
        limit: 4,
        sharePercent: 50,
        redis,
        key,
        recent: (since) => recentAnnouncements(db.prisma, since),
      });
    return [
      new NetworkMitigationRuntime({
        ...services,
        networkAnnouncements: windowOf(clients[0] as Redis, services.database),
      }),
      new NetworkMitigationRuntime({
        ...services,
        database: second,
        networkAnnouncements: windowOf(clients[1] as Redis, second),
      }),
    ] as const;
  };

  it("A floods from both instances at once, then B asks: A holds two places, B gets two; kept after a re-seed", async () => {
    const [one, two] = instances();
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
    // A first (without its share it would take all four places), then B.
    const outcomes = await Promise.all([
      ...[20, 21, 22, 23].map((h) => ask(one, a, h)),
      ...[24, 25, 26, 27].map((h) => ask(two, a, h)),
    ]);
    outcomes.push(...(await Promise.all([140, 141].map((h) => ask(two, b, h)))));
    assert.ok(
      outcomes.every((o) => o?.ok && o.outcome === "QUEUED"),
      JSON.stringify(outcomes),
    );
    assert.deepEqual(await states(api, a), [2, 6], "A: its share, whichever instance asked");
    assert.deepEqual(await states(api, b), [2, 0], "B is not starved");
    const members = await clients[0]?.zrange(key, 0, -1);
    assert.deepEqual(
      members?.map((m) => m.split("/")[0]).sort(),
      [rawId(a.workspaceId), rawId(a.workspaceId), rawId(b.workspaceId), rawId(b.workspaceId)].sort(),
      "four places in Redis, each with its workspace",
    );
    await waitFor(() => lab.received().length === 4, "four routes at the receiver");

    // Redis lost its data; new processes start from what the database holds.
    await clients[0]?.del(key);
    const [three, four] = instances();
    await Promise.all([three.tickAll(false), four.tickAll(false)]);
    assert.deepEqual(await states(api, a), [2, 6], "A still holds its share after the re-seed");
    assert.equal(await clients[0]?.zcard(key), 4, "the stored announcements hold the places again");

    // A minute later (stored announcements moved back 61 s, Redis and processes fresh): A's share again.
    const { prisma } = api.server.services.database;
    const announced = await prisma.networkMitigationRule.findMany({
      where: { workspaceId: rawId(a.workspaceId), announcedAt: { not: null } },
    });
    for (const row of announced)
      await prisma.networkMitigationRule.update({
        where: { id: row.id },
        data: { announcedAt: new Date((row.announcedAt as Date).getTime() - 61_000) },
      });
    await clients[0]?.del(key);
    const [five, six] = instances();
    await Promise.all([five.tickAll(false), six.tickAll(false)]);
    assert.deepEqual(
      await states(api, a),
      [4, 4],
      "two more of A's waiting rules: its share, not B's places",
    );
    await waitFor(() => lab.received().length === 6, "six routes at the receiver");
  });
});
