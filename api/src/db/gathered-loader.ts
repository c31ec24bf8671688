/**
 * Loads keyed values in batches: keys asked for in the same turn of the event loop, or while the
 * previous batch is still loading, go to `loadMany` together (at most `maxBatch` at a time). A
 * reconnect storm then costs a few queries per hundreds of nodes instead of several per node;
 * a single key waits only for the current turn to end.
 */
/**
 * Executions paused between slices (http/execution-slices.ts): the rest of their fields, and the
 * keys those ask for, come in a later turn of the event loop.
 */
export const slicedPauses = { pending: 0 };
/**
 * Turns of the event loop a batch keeps gathering keys that still arrive from paused executions,
 * at most (a slice is 4 ms: ~30 ms of a page's resolvers on an idle process).
 */
const GATHER_MAX_TURNS = 8;

export class GatheredLoader<V> {
  private waiting = new Map<
    string,
    { resolve: (value: V | null) => void; reject: (error: unknown) => void }[]
  >();
  private scheduled = false;
  private running = 0;
  /** While scheduled: turns spent gathering, and how many keys waited at the last look. */
  private gatheringTurns = 0;
  private gathered = 0;

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
    this.gatheringTurns = 0;
    this.gathered = 0;
    setImmediate(() => this.dispatch());
  }

  /**
   * Runs the batch, unless executions are paused between slices and keys still arrived since the
   * last look: a page of 200 nodes resolved in slices asks for its nodes' keys over several turns,
   * and loading each turn's keys on its own split one statement into one per slice. Gathering
   * goes on while keys keep coming, GATHER_MAX_TURNS at most (a full batch goes at once).
   */
  private dispatch(): void {
    const size = this.waiting.size;
    const growing = size > this.gathered && size < this.options.maxBatch;
    if (slicedPauses.pending > 0 && growing && this.gatheringTurns < GATHER_MAX_TURNS) {
      this.gathered = size;
      this.gatheringTurns++;
      setImmediate(() => this.dispatch());
      return;
    }
    this.scheduled = false;
    this.run();
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
