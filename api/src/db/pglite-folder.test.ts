import assert from "node:assert/strict";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, test } from "node:test";
import { ensureInitialisedFolder, STAGING } from "./pglite-folder.ts";

/** A stand-in initdb writing a few files; the real one runs in api/test/migration-crash.test.ts. */
const initdb = (calls: string[]) => async (dir: string) => {
  calls.push(dir);
  mkdirSync(join(dir, "base"), { recursive: true });
  writeFileSync(join(dir, "base", "1"), "catalog");
  writeFileSync(join(dir, "postgresql.conf"), "conf");
  writeFileSync(join(dir, "PG_VERSION"), "17");
};

describe("ensureInitialisedFolder", () => {
  const root = mkdtempSync(join(tmpdir(), "levee-pglite-folder-"));
  after(() => rmSync(root, { recursive: true, force: true }));

  test("makes the cluster in a subfolder and moves it up whole", async () => {
    const data = join(root, "a");
    const calls: string[] = [];
    await ensureInitialisedFolder(data, initdb(calls));
    assert.deepEqual(calls, [join(data, STAGING)]);
    assert.equal(readFileSync(join(data, "base", "1"), "utf8"), "catalog");
    assert.equal(readFileSync(join(data, "PG_VERSION"), "utf8"), "17");
    assert.equal(existsSync(join(data, STAGING)), false);
    await ensureInitialisedFolder(data, initdb(calls));
    assert.equal(calls.length, 1, "a folder with PG_VERSION is a cluster: left as it is");
    mkdirSync(join(data, STAGING));
    await ensureInitialisedFolder(data, initdb(calls));
    assert.equal(existsSync(join(data, STAGING)), false, "a staging folder left after the move is removed");
    assert.equal(calls.length, 1);
  });

  test("a start killed while moving (entries in, no PG_VERSION) is made again whole", async () => {
    const data = join(root, "b");
    mkdirSync(join(data, "base"), { recursive: true });
    writeFileSync(join(data, "base", "1"), "torn");
    writeFileSync(join(data, "postgresql.conf"), "torn");
    mkdirSync(join(data, STAGING), { recursive: true });
    writeFileSync(join(data, STAGING, "half"), "of an earlier initdb");
    const calls: string[] = [];
    await ensureInitialisedFolder(data, initdb(calls));
    assert.equal(calls.length, 1);
    assert.equal(readFileSync(join(data, "base", "1"), "utf8"), "catalog");
    assert.equal(readFileSync(join(data, "postgresql.conf"), "utf8"), "conf");
    assert.equal(existsSync(join(data, "half")), false, "the earlier staging folder was not moved in");
  });

  test("an initdb that leaves no PG_VERSION is an error, and the folder stays no cluster", async () => {
    const data = join(root, "c");
    await assert.rejects(
      ensureInitialisedFolder(data, async () => {}),
      /initdb left no cluster/,
    );
    assert.equal(existsSync(join(data, "PG_VERSION")), false);
  });
});
