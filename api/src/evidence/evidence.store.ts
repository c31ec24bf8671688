import { createReadStream } from "node:fs";
import { mkdir, readdir, rename, rm, stat, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import type { Readable } from "node:stream";

/**
 * Where capture files live. The filesystem store is the default; keys are
 * `<workspace id>/<capture id>.pcap` and never come from a caller.
 */
export class FileEvidenceStore {
  constructor(readonly dir: string) {}

  private path(key: string): string {
    if (!/^[0-9a-f-]{36}\/[0-9a-f-]{36}\.pcap$/.test(key)) throw new Error(`bad evidence key ${key}`);
    return join(this.dir, key);
  }

  /**
   * Written to a temporary name first, so a crash never leaves half a file under the real name;
   * a write that fails (disk full) removes its part file, so the space comes back at once.
   */
  async put(key: string, bytes: Uint8Array): Promise<void> {
    const path = this.path(key);
    await mkdir(dirname(path), { recursive: true });
    try {
      await writeFile(`${path}.part`, bytes, { mode: 0o600 });
      await rename(`${path}.part`, path);
    } catch (error) {
      await rm(`${path}.part`, { force: true });
      throw error;
    }
  }

  open(key: string): Readable {
    return createReadStream(this.path(key));
  }

  async size(key: string): Promise<number | null> {
    return stat(this.path(key)).then(
      (s) => s.size,
      () => null,
    );
  }

  async delete(key: string): Promise<void> {
    await rm(this.path(key), { force: true });
  }

  /** Every stored key with its modification time (for the orphan sweep). */
  async list(): Promise<{ key: string; modifiedAt: number }[]> {
    const out: { key: string; modifiedAt: number }[] = [];
    const workspaces = await readdir(this.dir).catch(() => [] as string[]);
    for (const ws of workspaces) {
      for (const file of await readdir(join(this.dir, ws)).catch(() => [] as string[])) {
        if (!file.endsWith(".pcap")) continue;
        const info = await stat(join(this.dir, ws, file)).catch(() => null);
        if (info) out.push({ key: `${ws}/${file}`, modifiedAt: info.mtimeMs });
      }
    }
    return out;
  }
}
