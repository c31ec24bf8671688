import { closeSync, openSync, readFileSync, rmSync, writeSync } from "node:fs";
import { hostname } from "node:os";
import { resolve } from "node:path";

/** What `<data dir>.lock` holds: enough to tell a live holder from a dead one. */
interface LockOwner {
  pid: number;
  /** The holder's start time (/proc/<pid>/stat), so a recycled pid does not keep the lock. */
  startTicks: string | null;
  hostname: string;
  since: string;
}

export class DataFolderLockedError extends Error {
  override name = "DataFolderLockedError";
}

export interface DataFolderLock {
  path: string;
  release(): void;
}

/**
 * One API process per embedded data folder: PGlite is in-process, and two processes writing
 * the same folder corrupt it. The lock is a file beside the folder (`<data dir>.lock`: PostgreSQL's
 * initdb wants the folder itself empty) created exclusively (O_EXCL) with the owner's pid; a lock
 * whose process is gone (killed, crashed) is stale and taken over.
 */
export function lockDataFolder(dataDir: string, pid = process.pid): DataFolderLock {
  const path = `${resolve(dataDir)}.lock`;
  const owner: LockOwner = {
    pid,
    startTicks: processStartTicks(pid),
    hostname: hostname(),
    since: new Date().toISOString(),
  };
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fd = openSync(path, "wx", 0o600);
      try {
        writeSync(fd, JSON.stringify(owner));
      } finally {
        closeSync(fd);
      }
      return { path, release: () => releaseIfOwned(path, pid) };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    }
    const holder = readOwner(path);
    if (holder?.pid === pid && holder.hostname === hostname())
      throw new DataFolderLockedError(`the data folder ${dataDir} is already open in this process`);
    if (holder && isAlive(holder)) {
      throw new DataFolderLockedError(
        `the data folder ${dataDir} is in use by another Levee API (pid ${holder.pid} on ${holder.hostname}, since ${holder.since}). ` +
          "Stop that process first, or give this one its own LEVEE_DATA_DIR (or DATABASE_URL for a shared PostgreSQL).",
      );
    }
    // Stale (its process is gone) or unreadable (torn by a crash while written): replace it.
    rmSync(path, { force: true });
  }
  throw new DataFolderLockedError(`could not take the lock ${path}; another process keeps replacing it`);
}

function readOwner(path: string): LockOwner | undefined {
  try {
    const parsed = JSON.parse(readFileSync(path, "utf8")) as Partial<LockOwner>;
    return typeof parsed.pid === "number" ? (parsed as LockOwner) : undefined;
  } catch {
    return undefined;
  }
}

function releaseIfOwned(path: string, pid: number) {
  if (readOwner(path)?.pid === pid) rmSync(path, { force: true });
}

/** Alive, on this host, and the same process that wrote the lock (not a later one given its pid). */
function isAlive(owner: LockOwner): boolean {
  if (owner.hostname !== hostname()) return true; // a shared folder seen from another machine: cannot tell
  try {
    process.kill(owner.pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EPERM") return false;
  }
  const ticks = processStartTicks(owner.pid);
  return owner.startTicks === null || ticks === null || ticks === owner.startTicks;
}

/** Field 22 of /proc/<pid>/stat (start time since boot); null where /proc is not available. */
function processStartTicks(pid: number): string | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // The command name (field 2) may hold spaces and parentheses: count fields after the last ")".
    return stat.slice(stat.lastIndexOf(")") + 2).split(" ")[19] ?? null;
  } catch {
    return null;
  }
}
