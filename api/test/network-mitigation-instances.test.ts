import assert from "node:assert/strict";
import { tmpdir } from "node:os";
import { after, before, describe, it } from "node:test";
import { type Database, openDatabase } from "../src/db/database.ts";
import type { Intent } from "../src/mitigation/network/intent.ts";
import { NetworkMitigationRuntime, SYSTEM_ACTOR } from "../src/mitigation/network/mitigation-runtime.ts";
import { createTenant, mutateOk, rawId, type Tenant } from "./fixtures.ts";
import { useTestApi } from "./harness.ts";
import { BgpLab, bgpLabUnavailable, waitFor } from "./support/bgp-lab.ts";

const skip = process.env.CI ? false : bgpLabUnavailable();
const discard = (host: number): Intent => ({
  kind: "FLOWSPEC",
  match: { destination: `203.0.113.${host}` },
  rateBytesPerSecond: 0,
});

/**
 * Two API processes on one PostgreSQL: two rule queues, each with its own connection pool (its
 * own database sessions), driving one real GoBGP speaker seen by a BIRD receiver. They are asked
 * for the same rules at the same moment, reconcile at the same moment and withdraw the same rule
 * at the same moment: each rule exists once, is announced and withdrawn once, and the
 * workspace's sliding window holds across both.
 */
describe("network mitigation with two API instances", { skip, concurrency: false, timeout: 180_000 }, () => {
  const api = useTestApi("postgres", {
    NETWORK_MITIGATION_ALLOWED_PREFIXES: "203.0.113.0/24",
    NETWORK_MITIGATION_SPEAKER_ENDPOINTS: `${tmpdir()}/`,
  });
  let lab: BgpLab;
  let t: Tenant;
  let second: Database;
  before(async () => {
    lab = new BgpLab();
    lab.startReceiver();
    lab.startGoBgp();
    t = await createTenant(api, "twoapis");
    second = await openDatabase(api.config.database, { migrate: false });
  });
  after(async () => {
    await second?.close();
    await lab?.close();
  });

  async function audited(action: string): Promise<string[]> {
    const rows = await api.server.services.database.prisma.auditLog.findMany({
      where: { workspaceId: rawId(t.workspaceId), action },
      select: { targetId: true },
    });
    return rows.map((r) => r.targetId as string);
  }

  it("announce, reconcile and withdraw the same rules at once: each happens once, and the window holds", async () => {
    await mutateOk(
      api,
      t.owner,
      "updateNetworkMitigation",
      {
        workspaceId: t.workspaceId,
        prefixes: ["203.0.113.0/24"],
        speakers: [{ name: "edge", kind: "GOBGP", endpoint: `unix://${lab.path("gobgp.sock")}` }],
        announcementsPerMinute: 4,
      },
      "__typename",
    );
    await lab.sessionUp();
    const workspaceId = rawId(t.workspaceId);
    const one = new NetworkMitigationRuntime(api.server.services);
    const two = new NetworkMitigationRuntime({ ...api.server.services, database: second });
    const ask = (runtime: NetworkMitigationRuntime, host: number) =>
      runtime.withWorkspace(workspaceId, SYSTEM_ACTOR, (m) =>
        m.request({ workspaceId, intent: discard(40 + host), ttlSeconds: 600 }),
      );
    // Both instances are asked for the same eight rules, interleaved.
    const hosts = [0, 1, 2, 3, 4, 5, 6, 7];
    const outcomes = await Promise.all(hosts.flatMap((h) => [ask(one, h), ask(two, h)]));
    assert.ok(
      outcomes.every((o) => o?.ok),
      JSON.stringify(outcomes.map((o) => o && !o.ok && o.problems)),
    );

    const { prisma } = api.server.services.database;
    const rules = await prisma.networkMitigationRule.findMany({ where: { workspaceId } });
    assert.equal(rules.length, 8, "one rule per target, whichever instance was asked first");
    assert.equal(new Set(rules.map((r) => r.key)).size, 8);
    const announced = rules.filter((r) => r.state === "ANNOUNCED");
    assert.equal(announced.length, 4, "the window of 4 a minute holds across both instances");
    assert.equal(rules.filter((r) => r.state === "PENDING").length, 4);
    const announceCalls = await audited("mitigation.announce");
    assert.deepEqual(
      [...announceCalls].sort(),
      announced.map((r) => r.id).sort(),
      "each announced rule was sent to the speaker once",
    );
    await waitFor(() => lab.received().length === 4, "four routes at the receiver");

    // Both reconcile (and tick) at once: the speaker's RIB already matches, nothing is re-sent
    // and nothing more is announced inside the window.
    await Promise.all([one.tickAll(true), two.tickAll(true), one.tickAll(false), two.tickAll(false)]);
    assert.equal((await audited("mitigation.announce")).length, 4);

    // Both withdraw the same rule at once: one withdrawal is sent.
    const victim = announced[0]?.id as string;
    const withdraw = (runtime: NetworkMitigationRuntime) =>
      runtime.withWorkspace(workspaceId, SYSTEM_ACTOR, (m) => m.withdraw(victim, "operator"));
    assert.deepEqual(await Promise.all([withdraw(one), withdraw(two)]), [[], []]);
    assert.deepEqual(await audited("mitigation.withdraw"), [victim]);
    await waitFor(() => lab.received().length === 3, "the withdrawn route gone");
    const after = await prisma.networkMitigationRule.findUniqueOrThrow({ where: { id: victim } });
    assert.equal(after.state, "WITHDRAWN");
  });
});
