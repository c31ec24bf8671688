import { type ChildProcess, execFile, execFileSync, spawn } from "node:child_process";
import { chmodSync, chownSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { freePort, waitFor } from "../../../agent/test/support/api-process.ts";

/** The newest installed PostgreSQL server binaries (Debian layout), unless FAULT_PG_BIN says where. */
function pgBin(): string {
  if (process.env.FAULT_PG_BIN) return process.env.FAULT_PG_BIN;
  const versions = readdirSync("/usr/lib/postgresql").sort((a, b) => Number(a) - Number(b));
  return join("/usr/lib/postgresql", versions.at(-1) ?? "15", "bin");
}

const run = promisify(execFile);

/**
 * A PostgreSQL server of its own (initdb into a temporary folder, owned by the postgres user,
 * on a free port), so a scenario can stop and restart it without touching the shared one.
 */
export class PrivatePostgres {
  readonly dir = mkdtempSync(join(tmpdir(), "levee-fault-pg-"));
  private readonly data = join(this.dir, "data");
  private constructor(readonly port: number) {}

  get url(): string {
    return `postgresql://postgres@127.0.0.1:${this.port}/postgres`;
  }

  static async create(): Promise<PrivatePostgres> {
    const pg = new PrivatePostgres(await freePort());
    chmodSync(pg.dir, 0o755);
    const uid = Number(execFileSync("id", ["-u", "postgres"], { encoding: "utf8" }));
    const gid = Number(execFileSync("id", ["-g", "postgres"], { encoding: "utf8" }));
    chownSync(pg.dir, uid, gid);
    await pg.asPostgres("initdb", [
      "-D",
      pg.data,
      "-A",
      "trust",
      "-U",
      "postgres",
      "--no-sync",
      "-E",
      "UTF8",
    ]);
    await pg.start();
    return pg;
  }

  /**
   * Asynchronous on purpose: `pg_ctl -w` can wait seconds on a loaded machine, and a test process
   * blocked in it stops draining its children's output pipes; an agent logging into a full pipe
   * blocks on the write (pipes are synchronous on Linux), skips its sampling slots, and the
   * scenario then sees a hole in the stored seconds that the fault did not make (CI, 11.6 s).
   */
  private async asPostgres(tool: string, args: string[]): Promise<string> {
    const argv = [join(pgBin(), tool), ...args];
    if (process.getuid?.() === 0) argv.unshift("runuser", "-u", "postgres", "--");
    const { stdout } = await run(argv[0] as string, argv.slice(1), { encoding: "utf8" });
    return stdout;
  }

  async start(): Promise<void> {
    const options = `-p ${this.port} -k ${this.dir} -c listen_addresses=127.0.0.1 -c fsync=off`;
    await this.asPostgres("pg_ctl", [
      "start",
      "-D",
      this.data,
      "-w",
      "-l",
      join(this.dir, "log"),
      "-o",
      options,
    ]);
  }

  /** `fast` disconnects clients and stops cleanly; `immediate` is a crash (recovery on start). */
  async stop(mode: "fast" | "immediate" = "fast"): Promise<void> {
    await this.asPostgres("pg_ctl", ["stop", "-D", this.data, "-m", mode, "-w"]);
  }

  async destroy(): Promise<void> {
    try {
      await this.stop("immediate");
    } catch {
      // already stopped
    }
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** redis-server of its own on a free port, with an append-only file so a restart keeps the jobs. */
export class PrivateRedis {
  readonly dir = mkdtempSync(join(tmpdir(), "levee-fault-redis-"));
  private child: ChildProcess | undefined;
  private constructor(readonly port: number) {}

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  static async create(): Promise<PrivateRedis> {
    const redis = new PrivateRedis(await freePort());
    await redis.start();
    return redis;
  }

  async start(): Promise<void> {
    const args = ["--port", String(this.port), "--bind", "127.0.0.1", "--dir", this.dir, "--save", ""];
    this.child = spawn("redis-server", [...args, "--appendonly", "yes", "--appendfsync", "always"], {
      stdio: "ignore",
    });
    await waitFor(
      () =>
        new Promise<boolean>((resolve) => {
          const ping = spawn("redis-cli", ["-p", String(this.port), "ping"], { stdio: "pipe" });
          let out = "";
          ping.stdout.on("data", (d) => (out += d));
          ping.on("exit", () => resolve(out.includes("PONG")));
        }),
      20_000,
      "the private redis-server to answer",
    );
  }

  async stop(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once("exit", resolve));
    child.kill("SIGTERM");
    await exited;
  }

  async destroy(): Promise<void> {
    await this.stop();
    rmSync(this.dir, { recursive: true, force: true });
  }
}
