import type { GateClock } from "./heavy-operation-gate.ts";

const realClock: GateClock = {
  now: () => performance.now(),
  after: (ms, fn) => {
    setTimeout(fn, ms);
  },
};

/**
 * The longest a caller's line rests. The time charged is the operation's wall time, which also
 * holds its waits (a pool connection, a row lock, other callers' work on a busy machine): unbounded,
 * a page that waited seconds for the database would stall its caller's next page for as long.
 */
export const MAX_REST_MS = 250;

/** How long after its last operation a caller still counts as present (for the process's share). */
export const PRESENT_MS = 1_000;

type Entry = { cost: number; start: () => void };
type Caller = { running: number; cost: number; line: Entry[]; restUntil: number; timer: boolean };

/**
 * A caller's operations run together only while their prices add up to `capacity` at most; the
 * others wait in the caller's line, first come first served (one priced over `capacity` runs
 * alone). Callers do not wait for each other. What a caller's line may hold is bounded by what
 * lets its operations in at all (the cost budget is spent before the line is joined).
 *
 * With `share` below 1, an operation that ran T ms at a price c rests the caller's line
 * T × c / capacity × (1 / share − 1) ms: one caller's operations back to back, whatever their
 * shape (ten pages at once or fifty small queries), occupy the process at most about that share
 * of the time — as far as wall time tells: the rest is capped at MAX_REST_MS. A caller with
 * nothing running or resting starts at once.
 *
 * With `processShare` below 1, the same holds for all callers together while more than one is
 * present (one ran any operation, however cheap, in the last PRESENT_MS; `present`): every
 * operation that ran T ms at a price c also rests the whole process's lines T × c / capacity ×
 * (1 / processShare − 1) ms (MAX_REST_MS at most), so several callers' heavy work together (one
 * key's pages and an address's lookups) cannot take every turn of the event loop from a caller
 * whose cheap queries pass freely. A caller alone on the process is not slowed by it; agents'
 * reports count as callers, so where agents report, every caller's priced work is rested, in
 * proportion to its price (a 10 ms query at 1,000 rests the lines 4 ms; a 5,000 page, 20 ms).
 */
export class CallerTurns {
  private readonly callers = new Map<string, Caller>();
  /** The two callers present last, most recent first, and when: enough to tell whether another one is. */
  private latest: { caller: string; at: number }[] = [];
  private processRestUntil = 0;
  private processTimer = false;

  constructor(
    private readonly capacity: number,
    private readonly share = 1,
    private readonly clock: GateClock = realClock,
    private readonly processShare = 1,
  ) {}

  /** The caller runs an operation (any, the cheapest too): it counts as present for PRESENT_MS. */
  present(caller: string): void {
    const at = this.clock.now();
    const [first] = this.latest;
    if (first?.caller === caller) first.at = at;
    else this.latest = [{ caller, at }, ...(first ? [first] : [])];
  }

  /**
   * Work run outside the lines (a heavy operation through its own gate) charged to the process's
   * rest like an operation of the lines: the function to call when it is done.
   */
  track(caller: string, price: number): () => void {
    const started = this.clock.now();
    return () => this.restProcess(caller, this.clock.now() - started, price);
  }

  /**
   * Resolves once the operation may run, with the function that gives its place back (once);
   * or undefined when `gone` aborts first (its client went away): its place in line is freed,
   * so a caller that gave up on its requests does not keep its later ones waiting behind them.
   */
  enter(caller: string, price: number): Promise<() => void>;
  enter(caller: string, price: number, gone: AbortSignal | undefined): Promise<(() => void) | undefined>;
  async enter(caller: string, price: number, gone?: AbortSignal): Promise<(() => void) | undefined> {
    if (gone?.aborted) return undefined;
    const cost = Math.min(price, this.capacity);
    const state = this.callers.get(caller) ?? { running: 0, cost: 0, line: [], restUntil: 0, timer: false };
    this.callers.set(caller, state);
    if (state.line.length > 0 || !this.fits(state, cost, this.clock.now())) {
      const started = await new Promise<boolean>((resolve) => {
        const leave = () => {
          const at = state.line.indexOf(entry);
          if (at < 0) return;
          state.line.splice(at, 1);
          resolve(false);
          // The head may have left: whoever is behind it may fit now.
          this.serve(caller, state);
        };
        const entry: Entry = {
          cost,
          start: () => {
            gone?.removeEventListener("abort", leave);
            resolve(true);
          },
        };
        gone?.addEventListener("abort", leave, { once: true });
        state.line.push(entry);
        this.serve(caller, state);
      });
      if (!started) return undefined;
    } else {
      state.running++;
      state.cost += cost;
    }
    const started = this.clock.now();
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const now = this.clock.now();
      state.running--;
      state.cost -= cost;
      const rest = (now - started) * (cost / this.capacity) * (1 / this.share - 1);
      if (rest > 0) state.restUntil = Math.min(now + MAX_REST_MS, Math.max(now, state.restUntil) + rest);
      this.restProcess(caller, now - started, cost);
      this.serve(caller, state);
    };
  }

  /** Whether a caller other than `caller` was present in the last PRESENT_MS. */
  private othersPresent(caller: string, now: number): boolean {
    return this.latest.some((seen) => seen.caller !== caller && now - seen.at < PRESENT_MS);
  }

  private restProcess(caller: string, ms: number, price: number): void {
    if (this.processShare >= 1) return;
    const now = this.clock.now();
    if (!this.othersPresent(caller, now)) return;
    const cost = Math.min(price, this.capacity);
    const rest = ms * (cost / this.capacity) * (1 / this.processShare - 1);
    if (rest <= 0) return;
    this.processRestUntil = Math.min(now + MAX_REST_MS, Math.max(now, this.processRestUntil) + rest);
    this.wakeAfterProcessRest();
  }

  /**
   * Lines waiting only for the process's rest are served when it ends. `now` is the instant the
   * lines were found not to fit: read again, time moved on past the rest would leave them unwoken.
   */
  private wakeAfterProcessRest(now = this.clock.now()): void {
    if (this.processTimer || this.processRestUntil <= now) return;
    this.processTimer = true;
    this.clock.after(this.processRestUntil - now, () => {
      this.processTimer = false;
      const at = this.clock.now();
      for (const [caller, state] of [...this.callers])
        if (state.line.length > 0) this.serve(caller, state, at);
      this.wakeAfterProcessRest(at);
    });
  }

  /** Callers with something running, waiting or resting (a test reads it). */
  get size(): number {
    return this.callers.size;
  }

  private fits(state: Caller, cost: number, now: number): boolean {
    return (
      now >= state.restUntil &&
      now >= this.processRestUntil &&
      (state.running === 0 || state.cost + cost <= this.capacity)
    );
  }

  /** Starts the head of the caller's line while it fits; wakes up when the rest is over. */
  private serve(caller: string, state: Caller, now = this.clock.now()): void {
    // One reading of the clock for the whole decision: a line found resting at one instant and
    // checked for a timer at a later one, past the rest, would wait with no timer to wake it.
    for (let head = state.line[0]; head && this.fits(state, head.cost, now); head = state.line[0]) {
      state.line.shift();
      state.running++;
      state.cost += head.cost;
      head.start();
    }
    if (state.line.length > 0 && state.restUntil > now && !state.timer) {
      state.timer = true;
      this.clock.after(state.restUntil - now, () => {
        state.timer = false;
        this.serve(caller, state);
      });
    }
    if (state.running > 0 || state.line.length > 0 || state.timer) return;
    if (state.restUntil <= now) {
      if (this.callers.get(caller) === state) this.callers.delete(caller);
    } else {
      // Resting with nobody waiting: forgotten once the rest is over.
      state.timer = true;
      this.clock.after(state.restUntil - now, () => {
        state.timer = false;
        this.serve(caller, state);
      });
    }
  }
}
