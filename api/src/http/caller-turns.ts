import type { GateClock } from "./heavy-operation-gate.ts";

const realClock: GateClock = {
  now: () => performance.now(),
  after: (ms, fn) => {
    setTimeout(fn, ms);
  },
};

/**
 * One holder per caller at a time; the caller's others wait in its line, first come first
 * served. Callers do not wait for each other. What a caller's line may hold is bounded by what
 * lets its operations in at all (the cost budget is spent before the line is joined).
 *
 * With `share` below 1, a turn held T ms is passed on T × (1 / share − 1) ms after it is given
 * back: one caller's operations back to back occupy the process at most that share of the time.
 * A lone one starts at once; only the next one after it waits.
 */
export class CallerTurns {
  /** A caller's entry: someone holds its turn (or it is resting); the waiting, oldest first. */
  private readonly lines = new Map<string, (() => void)[]>();

  constructor(
    private readonly share = 1,
    private readonly clock: GateClock = realClock,
  ) {}

  /** Resolves once it is the caller's turn, with the function that gives the turn back (once). */
  async enter(caller: string): Promise<() => void> {
    const line = this.lines.get(caller);
    if (line) await new Promise<void>((resolve) => line.push(resolve));
    else this.lines.set(caller, []);
    const started = this.clock.now();
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const rest = (this.clock.now() - started) * (1 / this.share - 1);
      if (rest > 0) this.clock.after(rest, () => this.passOn(caller));
      else this.passOn(caller);
    };
  }

  /** Callers holding a turn or resting after one (a test reads it). */
  get callers(): number {
    return this.lines.size;
  }

  private passOn(caller: string): void {
    const next = this.lines.get(caller)?.shift();
    if (next) next();
    else this.lines.delete(caller);
  }
}
