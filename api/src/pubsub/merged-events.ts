/**
 * Several event streams read as one, each event as it arrives (one subscription over the nodes of a
 * page of customers: the page's workspaces × their topics). Each stream is asked for its next event
 * only once the previous one was taken, so no stream's events pile up here: they wait, bounded, in
 * their own queue (topic-pubsub.ts).
 *
 * Its return() ends every stream first, as whileChecked's does (live-access.ts): a generator's
 * return() waits for the step it is in, which on quiet topics is a next() no event may ever answer.
 * A stream that fails ends the others and fails the whole.
 */
export function mergedEvents<T>(streams: readonly AsyncIterator<T>[]): AsyncGenerator<T> {
  const endAll = () => Promise.all(streams.map((stream) => stream.return?.()));
  const merged = pump(streams, endAll);
  const returnMerged = merged.return.bind(merged);
  merged.return = async (value) => {
    await endAll();
    return returnMerged(value);
  };
  return merged;
}

async function* pump<T>(
  streams: readonly AsyncIterator<T>[],
  endAll: () => Promise<unknown>,
): AsyncGenerator<T> {
  type Step = { index: number; result: IteratorResult<T> };
  const waiting = new Map<number, Promise<Step>>();
  const ask = (index: number) => {
    const stream = streams[index] as AsyncIterator<T>;
    waiting.set(
      index,
      stream.next().then((result) => ({ index, result })),
    );
  };
  for (const index of streams.keys()) ask(index);
  try {
    while (waiting.size > 0) {
      const { index, result } = await Promise.race(waiting.values());
      if (result.done) {
        waiting.delete(index);
        continue;
      }
      ask(index);
      yield result.value;
    }
  } finally {
    // Ended early (the consumer's return, a stream's failure): the others are ended too.
    if (waiting.size > 0) await endAll();
  }
}

/**
 * `source`'s events through `map`, its return() passed straight on: an async generator's would wait
 * for the next() it is in, which on a quiet topic no event may ever answer.
 */
export function mappedEvents<S, T>(source: AsyncIterator<S>, map: (event: S) => T): AsyncIterator<T> {
  return {
    async next() {
      const result = await source.next();
      return result.done ? { value: undefined, done: true } : { value: map(result.value), done: false };
    },
    async return() {
      await source.return?.();
      return { value: undefined, done: true };
    },
  };
}
