import { readFileSync, renameSync, writeFileSync } from "node:fs";

/** What a running agent reports in `<state>/status.json` (read by `levee-agent status`). */
export interface AgentStatus {
  pid: number;
  version: string;
  startedAt: string;
  updatedAt: string;
  stopped?: boolean;
  interface: string | undefined;
  /** Why the node's interface setting is not followed; absent when it is. */
  interfaceProblem?: string | undefined;
  /** --interface or LEVEE_AGENT_INTERFACE on `run` fixes the interface (the setting is ignored). */
  interfacePinned?: boolean;
  push: { state: string; lastError?: string | undefined; lastSentAt?: string | undefined };
  capture: {
    enabled: boolean;
    reason?: string | undefined;
    capturing: boolean;
    incidentId?: string | null | undefined;
    received?: number;
    dropped?: number;
    pendingUploads: number;
    lastUploadError?: string | undefined;
  };
  detection: { state: string; thresholds: { metric: string; threshold: number }[] };
}

/** Informational, so no fsync: replaced by rename, a reader never sees half a file. */
export function writeStatus(path: string, status: AgentStatus): void {
  writeFileSync(`${path}.tmp`, JSON.stringify(status, null, 2), { mode: 0o600 });
  renameSync(`${path}.tmp`, path);
}

export function readStatus(path: string): AgentStatus | undefined {
  try {
    return JSON.parse(readFileSync(path, "utf8")) as AgentStatus;
  } catch {
    return undefined;
  }
}

/** Whether `pid` is a live process (signal 0 checks without sending anything). */
export function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}
