/** A one-time signal from a pub/sub topic: `fired` resolves at its first event (never after stop()). */
export interface EndSignal {
  readonly fired: Promise<void>;
  stop(): void;
}

/**
 * Listens on `events` at once (a topic subscription adds its listener at the first next()), so
 * an event published from now on fires the signal, even before the stream it ends exists.
 */
export function endSignalOf(events: AsyncIterator<unknown>): EndSignal {
  let stopped = false;
  const fired = events.next().then(
    (step) => (step.done || stopped ? new Promise<void>(() => {}) : undefined),
    // A failed listener cannot tell of the event any more: ending the stream is the safe side.
    () => undefined,
  );
  return {
    fired,
    stop() {
      stopped = true;
      void events.return?.();
    },
  };
}

/** Fires at the first of `signals`; stopping it stops them all. */
export function firstOf(signals: readonly EndSignal[]): EndSignal {
  return {
    fired: Promise.race(signals.map((s) => s.fired)),
    stop() {
      for (const signal of signals) signal.stop();
    },
  };
}

const ENDED = Symbol("ended");

/**
 * `source`'s events until `signal` fires: then both end and the stream completes (graphql-ws
 * sends `complete`, SSE `event: complete`), as it does when the client ends it.
 *
 * Ending does not wait for the source's own return(): a generator's return() waits for the step
 * it is in, which on a quiet topic is a next() no event may ever answer (see whileChecked in
 * auth/live-access.ts). The wait for the source's next event is given up instead.
 */
export function endsWhen<T>(source: AsyncIterator<T>, signal: EndSignal): AsyncGenerator<T> {
  let stop: () => void = () => {};
  const stopped = new Promise<typeof ENDED>((resolve) => {
    stop = () => resolve(ENDED);
  });
  const ended = Promise.race([signal.fired.then((): typeof ENDED => ENDED), stopped]);
  const close = () => {
    stop();
    signal.stop();
    source.return?.(undefined).catch(() => {});
  };
  async function* run(): AsyncGenerator<T> {
    try {
      for (;;) {
        const step = await Promise.race([source.next(), ended]);
        if (step === ENDED || step.done) return;
        yield step.value;
      }
    } finally {
      close();
    }
  }
  const stream = run();
  const returnStream = stream.return.bind(stream);
  stream.return = (value) => {
    close();
    return returnStream(value);
  };
  return stream;
}
