import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { DataFolderLockedError, lockDataFolder } from "./data-folder-lock.ts";

describe("embedded data folder lock", () => {
  const parent = mkdtempSync(join(tmpdir(), "levee-lock-"));
  const dir = join(parent, "data");
  const lockFile = `${dir}.lock`;
  const children: ReturnType<typeof spawn>[] = [];
  after(() => {
    for (const child of children) child.kill("SIGKILL");
    rmSync(parent, { recursive: true, force: true });
  });

  /** A real other process (a sleeping node), and a way to end it. */
  async function otherProcess() {
    const child = spawn(process.execPath, ["-e", "setTimeout(() => {}, 60_000)"], { stdio: "ignore" });
    children.push(child);
    await new Promise((resolve) => child.once("spawn", resolve));
    const ended = new Promise((resolve) => child.once("exit", resolve));
    const end = () => {
      child.kill("SIGKILL");
      return ended;
    };
    return { pid: child.pid as number, end };
  }

  it("writes the owner's pid, refuses a second open, and is gone after release", () => {
    const lock = lockDataFolder(dir);
    assert.equal(JSON.parse(readFileSync(lockFile, "utf8")).pid, process.pid);
    assert.throws(() => lockDataFolder(dir), /already open in this process/);
    lock.release();
    assert.equal(existsSync(lockFile), false);
  });

  it("refuses while another live process holds it, naming that pid", async () => {
    const other = await otherProcess();
    lockDataFolder(dir, other.pid);
    assert.throws(
      () => lockDataFolder(dir),
      (error: Error) =>
        error instanceof DataFolderLockedError &&
        error.message.includes(`pid ${other.pid}`) &&
        error.message.includes("LEVEE_DATA_DIR"),
    );
    await other.end();
    // The holder was killed without releasing: its lock is stale and taken over.
    const lock = lockDataFolder(dir);
    assert.equal(JSON.parse(readFileSync(lockFile, "utf8")).pid, process.pid);
    lock.release();
  });

  it("takes over a lock whose pid now belongs to a different process, or a torn lock file", async () => {
    const other = await otherProcess();
    lockDataFolder(dir, other.pid);
    const recorded = JSON.parse(readFileSync(lockFile, "utf8"));
    writeFileSync(lockFile, JSON.stringify({ ...recorded, startTicks: "1" })); // started at boot: not this one
    lockDataFolder(dir).release();
    writeFileSync(lockFile, '{"pid": 12');
    lockDataFolder(dir).release();
    await other.end();
  });

  it("release leaves a lock that another process took over in place", () => {
    const lock = lockDataFolder(dir);
    writeFileSync(lockFile, JSON.stringify({ pid: 1, startTicks: null, hostname: "x", since: "" }));
    lock.release();
    assert.equal(existsSync(lockFile), true);
    rmSync(lockFile);
  });
});
