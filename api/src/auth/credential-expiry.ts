// The moment a session or API key expires, as a timer. Without one, a quiet subscription (no event,
// no operation) went on streaming past its credential's expiry: the credential is otherwise
// re-checked only before an operation or an event (live-access.ts).
import type { EndSignal } from "../pubsub/ends-when.ts";

/**
 * setTimeout's longest wait (~24.8 days): a longer one fires at once (Node clamps it to 1 ms), so
 * a later expiry is waited for in steps of at most this, each reading the clock again.
 */
export const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * Calls `expired` once, when `expiresAt` has passed (at once, on a later turn, if it has already).
 * Returns the function that cancels it. One timer at a time, unref'd: a wait for an expiry does not
 * keep the process alive.
 */
export function atExpiry(expiresAt: Date, expired: () => void): () => void {
  const at = expiresAt.getTime();
  let timer: NodeJS.Timeout | undefined;
  const arm = () => {
    const wait = at - Date.now();
    timer = setTimeout(wait > 0 ? arm : expired, Math.min(Math.max(wait, 0), MAX_TIMER_MS));
    timer.unref();
  };
  arm();
  return () => clearTimeout(timer);
}

/** For a subscription: fires when the caller's credential expires; none for one that never does. */
export function expirySignal(expiresAt: Date | null): EndSignal | undefined {
  if (!expiresAt) return undefined;
  let cancel: () => void = () => {};
  const fired = new Promise<void>((resolve) => {
    cancel = atExpiry(expiresAt, resolve);
  });
  return { fired, stop: () => cancel() };
}
