import { ApiProcess } from "../../../agent/test/support/api-process.ts";

export interface FaultApiOptions {
  /** `pglite`: an on-disk embedded data folder; `postgres`: a fresh database on the shared server; a URL: that database. */
  database: "pglite" | "postgres" | { url: string };
  redisUrl?: string;
  env?: Record<string, string>;
}

/**
 * The real API (api/src/main.ts) as a child process for a fault scenario: over an embedded data
 * folder, a fresh database or a given (private) PostgreSQL, optionally with Redis, logging at
 * info so a scenario can read what it said.
 */
export function openApi(options: FaultApiOptions, evidenceDir?: string): Promise<ApiProcess> {
  const env: Record<string, string> = { LOG_LEVEL: "info", ...options.env };
  if (typeof options.database === "object") env.DATABASE_URL = options.database.url;
  if (options.redisUrl) env.REDIS_URL = options.redisUrl;
  if (evidenceDir) env.EVIDENCE_DIR = evidenceDir;
  return ApiProcess.create(env, options.database === "pglite" ? "pglite" : "postgres");
}

/** A clean stop (SIGTERM) or a crash (SIGKILL), waiting until the process is gone. */
export function stopApi(api: ApiProcess, signal: "SIGTERM" | "SIGKILL"): Promise<void> {
  return signal === "SIGTERM" ? api.stop() : api.kill(signal);
}
