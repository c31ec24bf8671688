import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { Counters, Intent } from "@levee/shared/firewall";
import { ensureDir, writeFileAtomic } from "../transport/journal-files.ts";
import type { ActionReport } from "./executor.ts";

/** An action this agent applied and has not undone; enough to undo it after a restart. */
export interface AppliedAction {
  intent: Intent;
  permanent: boolean;
  expiresAt: number | null;
  appliedAt: number;
  /** sysctl: the value before apply, restored by undo. */
  remembered?: string;
  counters?: Counters;
}

/** Shared objects Levee created itself (and so may remove): "tc-ingress:<device>". */
export interface FirewallStateFile {
  applied: AppliedAction[];
  createdShared: string[];
  lastContactAt: number;
  /** Ids the API asked for that failed here: not retried until the API stops asking. */
  failed: string[];
  /** Set before the first command ever runs: until then this agent never runs a firewall program. */
  touched?: boolean;
  /** Reports the API has not taken yet, oldest first: a restart (or kill -9) sends them later. */
  outbox?: ActionReport[];
}

/**
 * The executor's state in `<stateDir>/firewall/state.json`, replaced atomically (fsync'd) on
 * every change, so a crash or restart never forgets what Levee put in the kernel.
 */
export class FirewallState {
  readonly path: string;
  data: FirewallStateFile;

  constructor(stateDir: string, now = Date.now()) {
    const dir = join(stateDir, "firewall");
    ensureDir(dir);
    this.path = join(dir, "state.json");
    this.data = { applied: [], createdShared: [], lastContactAt: now, failed: [] };
    try {
      this.data = {
        ...this.data,
        ...(JSON.parse(readFileSync(this.path, "utf8")) as Partial<FirewallStateFile>),
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
    }
  }

  find(id: string): AppliedAction | undefined {
    return this.data.applied.find((a) => a.intent.id === id);
  }

  save(): void {
    writeFileAtomic(this.path, JSON.stringify(this.data));
  }
}
