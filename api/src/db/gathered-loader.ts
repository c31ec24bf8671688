/**
 * Loads keyed values in batches: keys asked for in the same turn of the event loop, or while the
 * previous batch is still loading, go to `loadMany` together (at most `maxBatch` at a time). A
 * reconnect storm then costs a few queries per hundreds of nodes instead of several per node;
 * a single key waits only for the current turn to end.
 */
export class GatheredLoader<V> {
  private waiting = new Map<
    string,
    { resolve: (value: V | null) => void; reject: (error: unknown) => void }[]
  >();
  private scheduled = false;
  private running = 0;

  constructor(
    /** Values of the keys found; a key missing from the map resolves null. */
    private readonly loadMany: (keys: string[]) => Promise<Map<string, V>>,
    private readonly options: { maxBatch: number; concurrency: number } = { maxBatch: 500, concurrency: 2 },
  ) {}

  load(key: string): Promise<V | null> {
    return new Promise((resolve, reject) => {
      const waiters = this.waiting.get(key);
      if (waiters) waiters.push({ resolve, reject });
      else this.waiting.set(key, [{ resolve, reject }]);
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.scheduled || this.running >= this.options.concurrency) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      this.run();
    });
  }

  private run(): void {
    while (this.waiting.size > 0 && this.running < this.options.concurrency) {
      const batch = new Map<
        string,
        { resolve: (value: V | null) => void; reject: (error: unknown) => void }[]
      >();
      for (const [key, waiters] of this.waiting) {
        if (batch.size >= this.options.maxBatch) break;
        batch.set(key, waiters);
        this.waiting.delete(key);
      }
      this.running++;
      void this.loadMany([...batch.keys()])
        .then(
          (values) => {
            for (const [key, waiters] of batch) for (const w of waiters) w.resolve(values.get(key) ?? null);
          },
          (error: unknown) => {
            for (const waiters of batch.values()) for (const w of waiters) w.reject(error);
          },
        )
        .finally(() => {
          this.running--;
          // What arrived meanwhile forms the next batch at once.
          if (this.waiting.size > 0) this.schedule();
        });
    }
  }
}
