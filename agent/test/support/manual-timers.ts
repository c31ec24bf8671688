import type { SamplerTimers } from "../../src/sampler/sampler.ts";

interface Timer {
  at: number;
  every: number | undefined;
  callback: () => void;
}

/**
 * A monotonic clock and timers that move only when the test says so: `advance(ms)` runs every
 * timer due in that span at its own time, in time order (then creation order), and lets the
 * asynchronous work each one starts finish before the next. What the test checks then depends on
 * the order of events it sets up, never on how late a real timer fires on a loaded machine.
 */
export class ManualTimers implements SamplerTimers {
  private current = 0;
  private nextId = 1;
  private readonly timers = new Map<number, Timer>();

  now(): number {
    return this.current;
  }

  setTimeout(callback: () => void, ms: number): number {
    return this.add({ at: this.current + Math.max(0, ms), every: undefined, callback });
  }

  setInterval(callback: () => void, ms: number): number {
    const every = Math.max(1, ms);
    return this.add({ at: this.current + every, every, callback });
  }

  clearTimeout(handle: unknown): void {
    this.timers.delete(handle as number);
  }

  clearInterval(handle: unknown): void {
    this.timers.delete(handle as number);
  }

  /** Moves the clock `ms` forward, running what falls due on the way. */
  async advance(ms: number): Promise<void> {
    const end = this.current + ms;
    await settle();
    for (;;) {
      let next: [number, Timer] | undefined;
      for (const entry of this.timers)
        if (entry[1].at <= end && (!next || entry[1].at < next[1].at)) next = entry;
      if (!next) break;
      const [id, timer] = next;
      this.current = timer.at;
      if (timer.every === undefined) this.timers.delete(id);
      else timer.at += timer.every;
      timer.callback();
      await settle();
    }
    this.current = end;
  }

  private add(timer: Timer): number {
    const id = this.nextId++;
    this.timers.set(id, timer);
    return id;
  }
}

/** Every promise chain a timer started runs to its end (reads of /proc here are synchronous). */
function settle(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
