import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, before, describe, it } from "node:test";
import { ApiKeyCache } from "../src/auth/api-key-cache.ts";
import { ApiKeyLookup } from "../src/auth/api-key-lookup.ts";
import { authenticate } from "../src/auth/authenticate.ts";
import { issueToken } from "../src/auth/credentials.ts";
import type { Principal } from "../src/auth/principal.ts";
import type { Database } from "../src/db/database.ts";
import type { SqlClient } from "../src/db/sql-client.ts";
import { createTestDatabase, engines, type TestDatabase } from "./databases.ts";

/**
 * A reconnect storm authenticates thousands of keys the cache has never seen: their look-ups
 * (and `last_used_at` writes) must go to the database together, with every check authenticate
 * applies to a key (unknown, revoked, expired; each principal bound to its own key's workspace
 * and node; an integration key's scopes; an agent key whose node is gone).
 */
for (const engine of engines) {
  describe(`cold API keys are read in batches (${engine})`, () => {
    let testDb: TestDatabase;
    let db: Database;
    let statements = 0;
    let prismaOperations = 0;
    let cache: ApiKeyCache;
    let countedPrisma: Database["prisma"];
    const agents: { token: string; keyId: string; nodeId: string; workspaceId: string }[] = [];
    const refused: Record<"revoked" | "expired" | "unknown", string> = {
      revoked: "",
      expired: "",
      unknown: issueToken("agent").token,
    };

    before(async () => {
      testDb = await createTestDatabase(engine);
      db = await testDb.open({ migrate: true });
      const workspaces = [randomUUID(), randomUUID()];
      for (const id of workspaces)
        await db.prisma.workspace.create({ data: { id, slug: `w-${id.slice(0, 8)}`, name: "W" } });
      for (let i = 0; i < 40; i++) {
        const workspaceId = workspaces[i % 2] as string;
        const node = await db.prisma.node.create({ data: { workspaceId, name: `n${i}` } });
        const { token, prefix, hash } = issueToken("agent");
        const key = await db.prisma.apiKey.create({
          data: { workspaceId, name: "agent", kind: "AGENT", prefix, keyHash: hash, nodeId: node.id },
        });
        agents.push({ token, keyId: key.id, nodeId: node.id, workspaceId });
      }
      for (const state of ["revoked", "expired"] as const) {
        const { token, prefix, hash } = issueToken("agent");
        await db.prisma.apiKey.create({
          data: {
            workspaceId: workspaces[0] as string,
            name: state,
            kind: "AGENT",
            prefix,
            keyHash: hash,
            ...(state === "revoked" ? { revokedAt: new Date() } : { expiresAt: new Date(Date.now() - 1000) }),
          },
        });
        refused[state] = token;
      }
      const counted: SqlClient = {
        ...db.sql,
        query: (text, params) => {
          statements++;
          return db.sql.query(text, params);
        },
      };
      countedPrisma = db.prisma.$extends({
        query: {
          async $allOperations({ args, query }) {
            prismaOperations++;
            return query(args);
          },
        },
      }) as unknown as Database["prisma"];
      cache = new ApiKeyCache(new ApiKeyLookup(counted));
    });

    after(async () => {
      await db?.close();
      await testDb?.drop();
    });

    const login = (token: string) => authenticate(countedPrisma, { authorization: `Bearer ${token}` }, cache);

    it("authenticates 40 keys at once with one statement, each as its own node", async () => {
      statements = 0;
      prismaOperations = 0;
      const principals = await Promise.all(agents.map((a) => login(a.token)));
      assert.equal(statements, 1);
      assert.equal(prismaOperations, 0);
      principals.forEach((principal: Principal, i) => {
        const agent = agents[i];
        assert.equal(principal.kind, "agent");
        assert.ok(principal.kind === "agent" && agent);
        assert.equal(principal.nodeId, agent.nodeId);
        assert.equal(principal.workspaceId, agent.workspaceId);
        assert.equal(principal.apiKeyId, agent.keyId);
      });
      const used = await db.prisma.apiKey.count({ where: { kind: "AGENT", lastUsedAt: { not: null } } });
      assert.equal(used, 40, "every valid key's use is recorded");
    });

    it("refuses unknown, revoked and expired keys in the same batch as valid ones", async () => {
      cache.clear();
      const outcomes = await Promise.allSettled([
        login(refused.unknown),
        login(refused.revoked),
        login(refused.expired),
        login((agents[0] as { token: string }).token),
      ]);
      const reasons = outcomes.map((o) => (o.status === "rejected" ? (o.reason as Error).message : "ok"));
      assert.match(reasons[0] as string, /Unknown API key/);
      assert.match(reasons[1] as string, /revoked/);
      assert.match(reasons[2] as string, /expired/);
      assert.equal(reasons[3], "ok");
      const touched = await db.prisma.apiKey.count({
        where: { name: { in: ["revoked", "expired"] }, lastUsedAt: { not: null } },
      });
      assert.equal(touched, 0, "a refused key's use is not recorded");
    });

    it("an integration key's scopes come back as an array and a node-less agent key is refused, in a batch", async () => {
      const workspaceId = (agents[0] as { workspaceId: string }).workspaceId;
      const integration = issueToken("integration");
      await db.prisma.apiKey.create({
        data: {
          workspaceId,
          name: "integration",
          kind: "INTEGRATION",
          prefix: integration.prefix,
          keyHash: integration.hash,
          scopes: ["node:read", "incident:read"],
        },
      });
      const orphan = issueToken("agent");
      await db.prisma.apiKey.create({
        data: { workspaceId, name: "orphan", kind: "AGENT", prefix: orphan.prefix, keyHash: orphan.hash },
      });
      cache.clear();
      const [asIntegration, asOrphan] = await Promise.allSettled([
        login(integration.token),
        login(orphan.token),
      ]);
      assert.equal(asIntegration.status, "fulfilled");
      const principal = (asIntegration as PromiseFulfilledResult<Principal>).value;
      assert.equal(principal.kind, "integration");
      // An array, not the text form of one: `includes` on a string would match substrings.
      assert.ok(principal.kind === "integration" && Array.isArray(principal.scopes));
      assert.deepEqual(principal.scopes, ["node:read", "incident:read"]);
      assert.equal(asOrphan.status, "rejected");
      assert.match(((asOrphan as PromiseRejectedResult).reason as Error).message, /node/i);
    });

    it("records a key's use at most once a minute", async () => {
      const [first] = agents;
      assert.ok(first);
      const before = await db.prisma.apiKey.findUniqueOrThrow({ where: { id: first.keyId } });
      cache.clear();
      await login(first.token);
      const again = await db.prisma.apiKey.findUniqueOrThrow({ where: { id: first.keyId } });
      assert.deepEqual(again.lastUsedAt, before.lastUsedAt);
      await db.prisma.apiKey.update({
        where: { id: first.keyId },
        data: { lastUsedAt: new Date(Date.now() - 61_000) },
      });
      cache.clear();
      // Stamped with the look-up's own time: from before the login on, however long it took (a
      // bound of 10 s before the read raced a loaded machine's clock).
      const loginFrom = Date.now();
      await login(first.token);
      const later = await db.prisma.apiKey.findUniqueOrThrow({ where: { id: first.keyId } });
      assert.ok(
        (later.lastUsedAt?.getTime() ?? 0) >= loginFrom,
        `last used ${later.lastUsedAt?.toISOString()}, login from ${new Date(loginFrom).toISOString()}`,
      );
    });
  });
}
