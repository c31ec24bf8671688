import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ApiProcess, freePort } from "../../../agent/test/support/api-process.ts";

export interface FaultApiOptions {
  /** `pglite`: an on-disk embedded data folder; a URL: that PostgreSQL database. */
  database: "pglite" | { url: string };
  redisUrl?: string;
  env?: Record<string, string>;
}

/**
 * The real API (api/src/main.ts) as a child process for fault scenarios: over an embedded data
 * folder or a given PostgreSQL, optionally with Redis; stopped with SIGTERM or SIGKILL.
 */
export class FaultApi extends ApiProcess {
  readonly dir = mkdtempSync(join(tmpdir(), "levee-fault-api-"));
  readonly dataDir = join(this.dir, "data");
  readonly evidenceDir: string;

  private constructor(
    port: number,
    private readonly options: FaultApiOptions,
    evidenceDir: string | undefined,
  ) {
    super(port, options.database === "pglite" ? "" : options.database.url, "", options.env ?? {});
    this.evidenceDir = evidenceDir ?? join(this.dir, "evidence");
  }

  /** `evidenceDir`: where captures go (default: a folder inside the API's temporary folder). */
  static async open(options: FaultApiOptions, evidenceDir?: string): Promise<FaultApi> {
    return new FaultApi(await freePort(), options, evidenceDir);
  }

  get engine(): "pglite" | "postgres" {
    return this.options.database === "pglite" ? "pglite" : "postgres";
  }

  protected override childEnv(): NodeJS.ProcessEnv {
    const env: NodeJS.ProcessEnv = { ...super.childEnv(), EVIDENCE_DIR: this.evidenceDir, LOG_LEVEL: "info" };
    delete env.REDIS_URL;
    if (this.options.redisUrl) env.REDIS_URL = this.options.redisUrl;
    if (this.engine === "pglite") {
      delete env.DATABASE_URL;
      env.LEVEE_DATA_DIR = this.dataDir;
    }
    return { ...env, ...this.options.env };
  }

  /** The child process has not exited. */
  get running(): boolean {
    return this.child?.exitCode === null && this.child.signalCode === null;
  }

  /** The child's pid (for a second process or a signal). */
  get pid(): number | undefined {
    return this.child?.pid;
  }

  override async destroy(): Promise<void> {
    await this.stop("SIGKILL");
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** A fresh database on the shared PostgreSQL for one scenario (dropped by `dropSharedDatabase`). */
export async function sharedDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const pg = await import("pg");
  const admin = process.env.TEST_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/test";
  const name = `levee_fault_${randomBytes(5).toString("hex")}`;
  const run = async (sql: string) => {
    const client = new pg.default.Client({ connectionString: admin });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };
  await run(`CREATE DATABASE ${name}`);
  const url = new URL(admin);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => run(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}
