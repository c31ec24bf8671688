// Reconnect delays for the live connection: exponential from 0.5 s, capped at 30 s, with "equal jitter"
// (half fixed, half random) so a restarted API is not hit by every open dashboard in the same instant.
export const FIRST_RETRY_MS = 500;
export const MAX_RETRY_MS = 30_000;

export function retryDelayMs(attempt: number, random: () => number = Math.random): number {
  const ceiling = Math.min(MAX_RETRY_MS, FIRST_RETRY_MS * 2 ** Math.max(0, attempt));
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}
