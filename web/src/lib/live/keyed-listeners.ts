/**
 * Listeners by key, each told only its own key's values: one subscription for a page of rows (a
 * node list's traffic) hands each event to the one row it names, so an event re-renders that row
 * alone, not the list.
 */
export class KeyedListeners<T> {
  private readonly byKey = new Map<string, Set<(value: T) => void>>();

  /** Tells `listener` of `key`'s values until the returned function is called. */
  listen(key: string, listener: (value: T) => void): () => void {
    let listeners = this.byKey.get(key);
    if (!listeners) {
      listeners = new Set();
      this.byKey.set(key, listeners);
    }
    listeners.add(listener);
    return () => {
      listeners.delete(listener);
      if (listeners.size === 0 && this.byKey.get(key) === listeners) this.byKey.delete(key);
    };
  }

  /** Tells `key`'s listeners of `value`; none listening is no error (a row scrolled off, a page left). */
  emit(key: string, value: T): void {
    for (const listener of this.byKey.get(key) ?? []) listener(value);
  }
}
