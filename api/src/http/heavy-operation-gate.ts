/** How the gate reads time and waits; tests pass their own. */
export interface GateClock {
  now(): number;
  after(ms: number, fn: () => void): void;
}

const realClock: GateClock = {
  now: () => performance.now(),
  after: (ms, fn) => {
    setTimeout(fn, ms);
  },
};

/**
 * At most `slots` holders at once. Those waiting queue per caller and are let in round-robin
 * (one of each caller's in turn, not first come first served: one caller's backlog cannot
 * stand in front of everyone else's); a caller may hold `perCaller` places (running or
 * waiting) and everyone `maxWaiting` waiting places in all; past either, enter() answers null.
 *
 * With `share` below 1, a slot that was held for T ms stays closed for T × (1 / share − 1) ms
 * after it is released: back-to-back holders together occupy the process at most that share of
 * the time, whoever they are, and the rest is left to ordinary work. A lone heavy operation
 * on a quiet API starts at once; only the next one after it waits.
 */
export class HeavyOperationGate {
  private active = 0;
  private waitingCount = 0;
  /** Waiting callers in their turn order (Map order); a caller served goes to the back. */
  private readonly queues = new Map<string, (() => void)[]>();
  private readonly held = new Map<string, number>();

  constructor(
    private readonly slots: number,
    private readonly perCaller: number,
    private readonly maxWaiting: number,
    private readonly share = 1,
    private readonly clock: GateClock = realClock,
  ) {}

  /**
   * The function that gives the place back (once); null when refused; undefined when `gone`
   * aborts while waiting (its client went away): the waiting place is given back at once.
   */
  async enter(caller: string, gone?: AbortSignal): Promise<(() => void) | null | undefined> {
    if (gone?.aborted) return undefined;
    const mine = this.held.get(caller) ?? 0;
    if (mine >= this.perCaller) return null;
    if (this.active >= this.slots) {
      if (this.waitingCount >= this.maxWaiting) return null;
      this.held.set(caller, mine + 1);
      this.waitingCount++;
      const started = await new Promise<boolean>((resolve) => {
        const start = () => {
          gone?.removeEventListener("abort", leave);
          resolve(true);
        };
        const leave = () => {
          const queue = this.queues.get(caller);
          const at = queue?.indexOf(start) ?? -1;
          if (!queue || at < 0) return;
          queue.splice(at, 1);
          if (queue.length === 0) this.queues.delete(caller);
          this.waitingCount--;
          this.giveBack(caller);
          resolve(false);
        };
        gone?.addEventListener("abort", leave, { once: true });
        const queue = this.queues.get(caller);
        if (queue) queue.push(start);
        else this.queues.set(caller, [start]);
      });
      if (!started) return undefined;
    } else {
      this.active++;
      this.held.set(caller, mine + 1);
    }
    const started = this.clock.now();
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.giveBack(caller);
      const pause = this.share < 1 ? (this.clock.now() - started) * (1 / this.share - 1) : 0;
      if (pause > 0) this.clock.after(pause, () => this.handOver());
      else this.handOver();
    };
  }

  private giveBack(caller: string): void {
    const left = (this.held.get(caller) ?? 1) - 1;
    if (left > 0) this.held.set(caller, left);
    else this.held.delete(caller);
  }

  private handOver(): void {
    const next = this.nextInTurn();
    if (next) next();
    else this.active--;
  }

  private nextInTurn(): (() => void) | undefined {
    for (const [caller, queue] of this.queues) {
      this.queues.delete(caller);
      const next = queue.shift();
      if (queue.length > 0) this.queues.set(caller, queue);
      if (next) {
        this.waitingCount--;
        return next;
      }
    }
    return undefined;
  }
}
