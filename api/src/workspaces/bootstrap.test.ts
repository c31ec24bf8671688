import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { createTestDatabase, type TestDatabase } from "../../test/databases.ts";
import type { Database } from "../db/database.ts";
import { bootstrapFirstOwner } from "./bootstrap.ts";

describe("bootstrapFirstOwner (PostgreSQL)", () => {
  let testDb: TestDatabase;
  let database: Database;
  before(async () => {
    testDb = await createTestDatabase("postgres");
    database = await testDb.open();
  });
  after(async () => {
    await database?.close();
    await testDb?.drop();
  });

  it("makes the first owner under a name that does not name the product, once", async () => {
    const first = await bootstrapFirstOwner(database, {
      email: "NOC@msp.example",
      password: "a long passphrase",
    });
    assert.deepEqual(first, {
      email: "noc@msp.example",
      generatedPassword: undefined,
      workspaceSlug: "main",
    });
    const user = await database.prisma.user.findUniqueOrThrow({ where: { email: "noc@msp.example" } });
    // It signs this owner's invitations and shows in every customer workspace's members: white label.
    assert.doesNotMatch(user.name, /levee/i);
    assert.equal(await bootstrapFirstOwner(database, {}), undefined);
  });
});
