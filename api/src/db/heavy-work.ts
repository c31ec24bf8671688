import { AsyncLocalStorage } from "node:async_hooks";

/**
 * Work of a heavy GraphQL operation (over a tenth of the cost limit; see http/operation-limits.ts)
 * runs inside `asHeavyWork`. Its SQL then goes through a small gate (DATABASE_HEAVY_CONNECTIONS of the
 * pool), so one max-cost query fanning out to dozens of statements cannot take every pooled connection
 * and make ordinary requests queue behind it: they keep the rest of the pool.
 */
const heavy = new AsyncLocalStorage<true>();

export function asHeavyWork<T>(fn: () => T): T {
  return heavy.run(true, fn);
}

export function inHeavyWork(): boolean {
  return heavy.getStore() === true;
}

/** At most `permits` holders at once, first come first served. */
export class Semaphore {
  private active = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(private readonly permits: number) {}

  /** Callers waiting for a permit. */
  get queued(): number {
    return this.waiting.length;
  }

  async run<T>(fn: () => Promise<T>): Promise<T> {
    if (this.active >= this.permits) await new Promise<void>((resolve) => this.waiting.push(resolve));
    else this.active++;
    try {
      return await fn();
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.active--;
    }
  }
}
