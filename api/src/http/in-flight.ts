/**
 * Operations started on graphql-ws sockets and not yet answered, by connection: the shutdown
 * waits for them so a sample stored is also answered. An entry ends when graphql-ws reports the
 * operation complete or failed, when its socket closes, or when its execution throws (graphql-ws
 * then calls neither onComplete nor onError, and if the socket had already closed no onClose is
 * left to come: without `execute` below the entry would stay and every shutdown wait its drain).
 */
export class InFlight {
  private readonly byConnection = new Map<object, Set<string>>();
  private count = 0;
  private idle: (() => void)[] = [];

  get size(): number {
    return this.count;
  }

  start(connection: object, id: string): void {
    const ids = this.byConnection.get(connection) ?? new Set<string>();
    if (ids.has(id)) return;
    this.byConnection.set(connection, ids.add(id));
    this.count++;
  }

  end(connection: object, id: string): void {
    const ids = this.byConnection.get(connection);
    if (!ids?.delete(id)) return;
    if (ids.size === 0) this.byConnection.delete(connection);
    this.settle(1);
  }

  /** The connection closed: its operations have no one left to answer. */
  endAll(connection: object): void {
    const ids = this.byConnection.get(connection);
    if (!ids) return;
    this.byConnection.delete(connection);
    this.settle(ids.size);
  }

  /** Runs an operation's execution; if it throws, the operation ends here. */
  async execute<T>(connection: object, id: string, run: () => T | Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (error) {
      this.end(connection, id);
      throw error;
    }
  }

  /** Resolves true when none is running, false when `withinMs` passed first. */
  settled(withinMs: number): Promise<boolean> {
    if (this.count === 0) return Promise.resolve(true);
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve(false), withinMs);
      this.idle.push(() => {
        clearTimeout(timer);
        resolve(true);
      });
    });
  }

  private settle(n: number): void {
    this.count -= n;
    if (this.count > 0) return;
    const waiting = this.idle;
    this.idle = [];
    for (const resolve of waiting) resolve();
  }
}
