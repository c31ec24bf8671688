import { execFileSync } from "node:child_process";
import { closeSync, mkdtempSync, openSync, rmSync, writeSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/**
 * A small tmpfs mounted on a temporary folder (needs root): a disk that can be filled to the
 * last byte and emptied again without touching any real filesystem.
 */
export class SmallDisk {
  readonly dir = mkdtempSync(join(tmpdir(), "levee-fault-disk-"));
  private readonly filler = join(this.dir, ".filler");

  constructor(size = "4m") {
    execFileSync("mount", ["-t", "tmpfs", "-o", `size=${size},mode=0755`, "tmpfs", this.dir]);
  }

  /** Writes a filler file until the disk has no byte left. */
  fill(): void {
    const fd = openSync(this.filler, "a");
    const chunk = Buffer.alloc(4096);
    try {
      for (;;) writeSync(fd, chunk);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "ENOSPC") throw error;
      // The last partial block: fill it byte by byte.
      try {
        for (;;) writeSync(fd, chunk, 0, 1);
      } catch {}
    } finally {
      closeSync(fd);
    }
  }

  free(): void {
    rmSync(this.filler, { force: true });
  }

  destroy(): void {
    try {
      execFileSync("umount", ["-l", this.dir]);
    } catch {
      // not mounted
    }
    rmSync(this.dir, { recursive: true, force: true });
  }
}
