import net from "node:net";
import { Redis } from "ioredis";

/**
 * A TCP link between an API and the real Redis that a test can cut, one connection at a time:
 * the API's REDIS_URL points at the link, and `cut` drops the connection Redis knows by a client
 * name (found with CLIENT LIST, among the connections that pass through this link only) and
 * refuses new ones until `restore`. What is published meanwhile is lost to that connection, as
 * when a network fails; the other connections (the publisher, the job queues) stay up.
 */
export class RedisLink {
  private readonly server: net.Server;
  private readonly upstreams = new Map<number, { down: net.Socket; up: net.Socket }>();
  private refusing = false;

  constructor(private readonly redisUrl: string) {
    const target = new URL(redisUrl);
    this.server = net.createServer((down) => {
      if (this.refusing) {
        down.destroy();
        return;
      }
      const up = net.connect(Number(target.port || 6379), target.hostname);
      up.once("connect", () => this.upstreams.set(up.localPort as number, { down, up }));
      const drop = () => {
        this.upstreams.delete(up.localPort as number);
        down.destroy();
        up.destroy();
      };
      down.on("error", drop).on("close", drop);
      up.on("error", drop).on("close", drop);
      down.pipe(up);
      up.pipe(down);
    });
  }

  listen(port: number): Promise<void> {
    return new Promise((resolve, reject) => {
      this.server.once("error", reject);
      this.server.listen(port, "127.0.0.1", () => resolve());
    });
  }

  /**
   * Drops the one connection through this link that Redis names `clientName`, and refuses new
   * connections until restore(). Resolves once it is dropped.
   */
  async cut(clientName: string): Promise<void> {
    const probe = new Redis(this.redisUrl);
    try {
      const list = (await probe.client("LIST")) as string;
      const ours = list
        .split("\n")
        .map((line) => Object.fromEntries(line.split(" ").map((field) => field.split("=", 2))))
        .filter((client) => client.name === clientName)
        .map((client) => Number(String(client.addr).split(":").pop()))
        .filter((port) => this.upstreams.has(port));
      if (ours.length !== 1)
        throw new Error(`${ours.length} connections named ${clientName} pass through the link`);
      this.refusing = true;
      const pair = this.upstreams.get(ours[0] as number);
      pair?.down.destroy();
      pair?.up.destroy();
    } finally {
      probe.disconnect();
    }
  }

  /** New connections pass again (the dropped one's client reconnects on its own). */
  restore(): void {
    this.refusing = false;
  }

  async close(): Promise<void> {
    for (const { down, up } of this.upstreams.values()) {
      down.destroy();
      up.destroy();
    }
    await new Promise((resolve) => this.server.close(resolve));
  }
}
