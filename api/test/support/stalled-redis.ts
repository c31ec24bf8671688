import { type ChildProcess, spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Redis } from "ioredis";
import { freePort } from "./free-port.ts";

/**
 * A redis-server of a test's own (free port, no persistence) that the test can stall: `stall()`
 * sends SIGSTOP, so the kernel still accepts connections and takes what clients write, but nothing
 * is answered — a hung or paused Redis, seen by ioredis as "ready" — until `resume()` (SIGCONT).
 * The shared test Redis is never paused: other suites use it.
 */
export class StalledRedis {
  private constructor(
    readonly port: number,
    private readonly dir: string,
    private child: ChildProcess,
  ) {}

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  static async start(): Promise<StalledRedis> {
    const port = await freePort();
    const dir = await mkdtemp(join(tmpdir(), "levee-stalled-redis-"));
    const redis = new StalledRedis(port, dir, spawnServer(port, dir));
    await redis.answering();
    return redis;
  }

  /** Resolves once it answers PING; stops it if it never does. */
  private async answering(): Promise<void> {
    for (let tries = 0; ; tries++) {
      const probe = new Redis(this.url, { lazyConnect: true, maxRetriesPerRequest: 0 });
      probe.on("error", () => {}); // refused while redis-server is still starting: tried again
      const ok = await probe.connect().then(
        () => probe.ping().then((answer) => answer === "PONG"),
        () => false,
      );
      probe.disconnect();
      if (ok) return;
      if (tries >= 200 || this.child.exitCode !== null) {
        await this.stop();
        throw new Error("the private redis-server did not start");
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  /** Nothing is answered from now on; connections are still accepted. */
  stall(): void {
    this.child.kill("SIGSTOP");
  }

  resume(): void {
    this.child.kill("SIGCONT");
  }

  /** Ended (SIGKILL: its clients' connections close), not answering connections until restart(). */
  async kill(): Promise<void> {
    if (this.child.exitCode === null && this.child.signalCode === null) {
      const exited = new Promise((resolve) => this.child.once("exit", resolve));
      this.child.kill("SIGKILL");
      await exited;
    }
  }

  /** A new, empty redis-server on the same port (a Redis restarted after its process died). */
  async restart(): Promise<void> {
    await this.kill();
    this.child = spawnServer(this.port, this.dir);
    await this.answering();
  }

  /** SIGKILL ends it stalled or not. */
  async stop(): Promise<void> {
    await this.kill();
    await rm(this.dir, { recursive: true, force: true });
  }
}

function spawnServer(port: number, dir: string): ChildProcess {
  return spawn(
    "redis-server",
    ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", dir],
    { stdio: "ignore" },
  );
}
