import {
  closeSync,
  fchmodSync,
  fchownSync,
  fsyncSync,
  openSync,
  readFileSync,
  realpathSync,
  renameSync,
  rmSync,
  statSync,
  writeSync,
} from "node:fs";
import { basename, dirname, join } from "node:path";
import { parseConfig } from "./config.ts";
import { fsyncDir } from "./transport/journal-files.ts";

/**
 * Writes the interface the agent follows into its configuration file's `followedInterface` (or
 * removes the key for `null`), so a restarted agent starts on it rather than on the old value until
 * its first heartbeat's answer. Only that key changes: every other key (the agent key, and
 * `interface`, which stays what a setting of `auto` means) is written back as it was read. Atomic (a temporary
 * file beside it, fsync, rename, fsync of the directory), with the file's mode and owner; a symlink
 * is followed, so the file it names is replaced, not the link. Throws when it cannot (a read-only
 * directory, an owner it may not give): the file is then as it was.
 */
export function writeFollowedInterface(path: string, name: string | null): void {
  const target = realpathSync(path);
  const before = statSync(target);
  const { followedInterface, ...rest } = JSON.parse(readFileSync(target, "utf8")) as Record<string, unknown>;
  if (followedInterface === (name ?? undefined)) return;
  const text = `${JSON.stringify(name === null ? rest : { ...rest, followedInterface: name }, null, 2)}\n`;
  parseConfig(text, {}, `configuration (${path})`); // never write a file `run` rejects
  const tmp = join(dirname(target), `.${basename(target)}.${process.pid}.tmp`);
  // A file of this name is a run of this pid killed before its rename (an agent is pid 1 in a
  // container, so the name comes back): left there, "wx" would refuse every later write.
  rmSync(tmp, { force: true });
  const fd = openSync(tmp, "wx", 0o600);
  try {
    try {
      writeSync(fd, text);
      fchmodSync(fd, before.mode & 0o7777);
      if (before.uid !== process.getuid?.() || before.gid !== process.getgid?.())
        fchownSync(fd, before.uid, before.gid);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    // Re-enrolled meanwhile (a new key): that file wins; the next change of setting writes again.
    const now = statSync(target);
    if (now.ino !== before.ino || now.mtimeMs !== before.mtimeMs || now.size !== before.size)
      throw new Error(`${path} changed while the interface setting was written to it`);
    renameSync(tmp, target);
  } catch (error) {
    rmSync(tmp, { force: true });
    throw error;
  }
  // The rename is done, so the setting is written: a directory that refuses fsync only makes it
  // less durable across a power cut, and must not be reported as a write that failed.
  try {
    fsyncDir(dirname(target));
  } catch {}
}
