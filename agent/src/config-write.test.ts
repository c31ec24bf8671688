import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import {
  chmodSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { loadConfig } from "./config.ts";
import { writeFollowedInterface } from "./config-write.ts";

const dir = mkdtempSync(join(tmpdir(), "levee-config-write-"));
after(() => rmSync(dir, { recursive: true, force: true }));

const enrolled = {
  apiUrl: "https://levee.example",
  agentKey: "lva_abc_secret",
  nodeId: "node-1",
  interface: "eth0",
  heartbeatIntervalMs: 5000,
  capture: { enabled: false },
  firewall: { safelist: ["192.0.2.1"] },
};

function configIn(name: string, mode = 0o600) {
  const folder = join(dir, name);
  mkdirSync(folder);
  const path = join(folder, "agent.json");
  writeFileSync(path, JSON.stringify(enrolled), { mode });
  chmodSync(path, mode); // whatever the umask
  return { folder, path };
}

/** A directory nothing may be written in: read-only for a user, immutable for root (who ignores modes). */
function readOnly(folder: string): () => void {
  if (process.getuid?.() === 0) {
    execFileSync("chattr", ["+i", folder]);
    return () => execFileSync("chattr", ["-i", folder]);
  }
  chmodSync(folder, 0o555);
  return () => chmodSync(folder, 0o755);
}

describe("writing the followed interface setting to agent.json", () => {
  it("changes only `followedInterface`, keeping every other key (the agent key and `interface` too), the mode and the owner", () => {
    const { folder, path } = configIn("keeps", 0o640);
    const before = statSync(path);
    writeFollowedInterface(path, "eth1");
    const after = statSync(path);
    assert.deepEqual(JSON.parse(readFileSync(path, "utf8")), { ...enrolled, followedInterface: "eth1" });
    assert.notEqual(after.ino, before.ino, "replaced by a rename, not written in place");
    assert.equal(after.mode & 0o7777, 0o640);
    assert.deepEqual([after.uid, after.gid], [before.uid, before.gid]);
    assert.deepEqual(readdirSync(folder), ["agent.json"], "no temporary file left");
    // `run` reads it (and `interface`, what `auto` means, as enrolled).
    const loaded = loadConfig({ path, env: {} });
    assert.deepEqual([loaded.followedInterface, loaded.interface], ["eth1", "eth0"]);
    // Already so: the file is not written again.
    writeFollowedInterface(path, "eth1");
    assert.equal(statSync(path).ino, after.ino);
  });

  it("removes the key for `auto` (null), leaving the enrolled `interface`; nothing to remove writes nothing", () => {
    const { path } = configIn("back-to-auto");
    writeFollowedInterface(path, "eth1");
    writeFollowedInterface(path, null);
    assert.deepEqual(JSON.parse(readFileSync(path, "utf8")), enrolled);
    const ino = statSync(path).ino;
    writeFollowedInterface(path, null);
    assert.equal(statSync(path).ino, ino);
  });

  it("writes the file a symlink names, leaving the link", () => {
    const { path } = configIn("linked");
    const link = join(dir, "linked-agent.json");
    symlinkSync(path, link);
    writeFollowedInterface(link, "bond0");
    assert.equal(JSON.parse(readFileSync(path, "utf8")).followedInterface, "bond0");
    assert.equal(readFileSync(link, "utf8"), readFileSync(path, "utf8"));
  });

  it("throws and leaves the file as it was in a directory it cannot write", () => {
    const { folder, path } = configIn("read-only");
    const text = readFileSync(path, "utf8");
    const writable = readOnly(folder);
    try {
      assert.throws(() => writeFollowedInterface(path, "eth1"), /EPERM|EACCES|EROFS/);
    } finally {
      writable();
    }
    assert.equal(readFileSync(path, "utf8"), text);
    assert.deepEqual(readdirSync(folder), ["agent.json"]);
  });

  it("is not stopped by a temporary file a killed run of the same pid left (an agent is pid 1 in a container)", () => {
    const { folder, path } = configIn("stale-tmp");
    const stale = join(folder, `.agent.json.${process.pid}.tmp`);
    writeFileSync(stale, "half-written");
    writeFollowedInterface(path, "eth2");
    assert.equal(JSON.parse(readFileSync(path, "utf8")).followedInterface, "eth2");
    assert.deepEqual(readdirSync(folder), ["agent.json"], "the stale file is gone");
  });

  it("never writes a file `run` would reject", () => {
    const { path } = configIn("invalid");
    const text = readFileSync(path, "utf8");
    assert.throws(() => writeFollowedInterface(path, "no such/interface"), /interface/);
    assert.equal(readFileSync(path, "utf8"), text);
  });
});
