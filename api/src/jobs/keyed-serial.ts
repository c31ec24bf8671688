/**
 * Runs tasks of one key one after another, in the order they were handed in, and tasks of
 * different keys side by side. A job handler registered with concurrency N wraps its work in
 * `run(key, …)` so jobs that must stay ordered (one incident's OPENED → UPDATED → RESOLVED) are,
 * while unrelated ones overlap. Both queues (in-process and BullMQ) call a handler in the order
 * they take jobs, so this keeps per-key order within one process. Idle keys leave nothing behind.
 */
export class KeyedSerial {
  private readonly tails = new Map<string, Promise<unknown>>();

  run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    const result = previous.then(task, task);
    const tail = result.catch(() => {});
    this.tails.set(key, tail);
    void tail.then(() => {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    });
    return result;
  }

  /** Keys with a task running or waiting. */
  get size(): number {
    return this.tails.size;
  }
}
