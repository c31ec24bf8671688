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
    private readonly child: ChildProcess,
  ) {}

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  static async start(): Promise<StalledRedis> {
    const port = await freePort();
    const dir = await mkdtemp(join(tmpdir(), "levee-stalled-redis-"));
    const child = spawn(
      "redis-server",
      ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", dir],
      { stdio: "ignore" },
    );
    const redis = new StalledRedis(port, dir, child);
    for (let tries = 0; ; tries++) {
      const probe = new Redis(redis.url, { lazyConnect: true, maxRetriesPerRequest: 0 });
      probe.on("error", () => {}); // refused while redis-server is still starting: tried again
      const ok = await probe.connect().then(
        () => probe.ping().then((answer) => answer === "PONG"),
        () => false,
      );
      probe.disconnect();
      if (ok) return redis;
      if (tries >= 200 || child.exitCode !== null) {
        await redis.stop();
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

  /** SIGKILL ends it stalled or not. */
  async stop(): Promise<void> {
    if (this.child.exitCode === null && this.child.signalCode === null) {
      const exited = new Promise((resolve) => this.child.once("exit", resolve));
      this.child.kill("SIGKILL");
      await exited;
    }
    await rm(this.dir, { recursive: true, force: true });
  }
}
