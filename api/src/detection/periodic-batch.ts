/**
 * Collects keyed items and hands them to `flush` together at most every `everyMs` (the latest
 * item per key wins), so per-node bookkeeping costs one statement a period, not one per node.
 */
export class PeriodicBatch<T> {
  private items = new Map<string, T>();
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> = Promise.resolve();

  constructor(
    private readonly everyMs: number,
    private readonly flush: (items: Map<string, T>) => Promise<void>,
    private readonly onError: (error: unknown) => void,
  ) {}

  add(key: string, item: T): void {
    this.items.set(key, item);
    if (!this.timer) {
      this.timer = setTimeout(() => this.drain(), this.everyMs);
      this.timer.unref();
    }
  }

  /** Writes what is pending now (and waits for it). */
  drain(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const items = this.items;
    this.items = new Map();
    this.running = this.running.then(() => (items.size ? this.flush(items).catch(this.onError) : undefined));
    return this.running;
  }
}
