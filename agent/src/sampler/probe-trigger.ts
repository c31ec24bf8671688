/** Packets and bytes (on the wire) the capture has handed over so far: running totals. */
export interface PacketCounts {
  packets: number;
  bytes: number;
}

/**
 * The capture may see fewer of the interface's packets than its counters do (its BPF filter
 * leaves the API's own traffic out; libpcap drops under a flood) and also sees the packets sent:
 * the count is a hint. A window is read when the hint reaches half a threshold; the counters,
 * read then, decide.
 */
export const HINT_SLACK = 2;

/**
 * The capture's wake-ups come at libpcap's buffer timeout (100 ms) while packets trickle or a
 * flood fills its blocks slowly: a window measured from one wake-up's read to the next is 100 ms
 * give or take the milliseconds each spends handing packets over. Judged from exactly half the
 * default period, half of those windows would wait another 100 ms; a few ms less does not.
 */
export const WAKE_JITTER_MS = 10;

/** The shortest window judged on a wake-up: half a period, less the wake-ups' jitter. */
export function shortestWakeWindow(probeIntervalMs: number): number {
  return Math.max(probeIntervalMs / 4, probeIntervalMs / 2 - WAKE_JITTER_MS);
}

export interface WakeInput {
  /** Monotonic ms now. */
  now: number;
  /** The shortest window judged is about half of it (shortestWakeWindow); none is left to grow past it unread. */
  probeIntervalMs: number;
  /** Monotonic ms of the last probe run (reads are at least half a period apart). */
  lastProbeAt: number;
  /** Where the window starts: the last judged point's time and the capture's totals then. */
  start: ({ at: number } & PacketCounts) | undefined;
  /** The capture's totals now. */
  seen: PacketCounts;
  /** The probe's own question (over threshold, and no attack reported yet) about rates. */
  wouldCross(rates: { rxPps: number; rxBps: number }): boolean;
}

/**
 * On a wake-up of the capture (packets arrived), whether to run the probe — read the counters,
 * which confirm a crossing and build its sample — or wait for more packets. No read at all while
 * packets do not come: an idle host has no sub-second timer.
 *
 * - Reads are about half a period apart at least, so a flood (a wake-up every few milliseconds)
 *   costs no more reads than the timer did.
 * - A window shorter than that is not judged (as with the timer; see WAKE_JITTER_MS).
 * - Read when the capture's count over the window, with HINT_SLACK, would cross.
 * - Read when the window is a period old or more, to move its start: a flood is then judged
 *   over a window of its own, not diluted by the calm before it.
 */
export function probeOnWake(input: WakeInput): boolean {
  const { now, probeIntervalMs, lastProbeAt, start, seen } = input;
  const shortest = shortestWakeWindow(probeIntervalMs);
  if (now - lastProbeAt < shortest) return false;
  if (!start) return true;
  const age = now - start.at;
  if (age < shortest) return false;
  if (age >= probeIntervalMs) return true;
  const seconds = age / 1000;
  const rxPps = ((seen.packets - start.packets) / seconds) * HINT_SLACK;
  const rxBps = (((seen.bytes - start.bytes) * 8) / seconds) * HINT_SLACK;
  return rxPps >= 0 && rxBps >= 0 && input.wouldCross({ rxPps, rxBps });
}
