import { offsetSeconds, secondOfWeek, WEEK_SECONDS } from "../time/zones.ts";

/**
 * When a maintenance window is active, pure, for the API's suppression and the dashboard's "active
 * now" alike. A one-off window is active from startsAt to endsAt. A weekly window repeats every
 * week from its first occurrence at the same local weekday and times in its IANA time zone (so it
 * follows daylight-saving changes), from its local start to its local end.
 */
export interface WindowTimes {
  startsAt: Date;
  endsAt: Date;
  weekly: boolean;
  timeZone: string;
}

/**
 * How long each occurrence of a weekly window lasts, in seconds, on the local clock: its first
 * occurrence's local end less its local start. Typed 01:00–04:00 on the night the clocks go
 * forward (2 real hours), the window holds 01:00–04:00 every later week too, not 01:00–03:00; on
 * the night they go back (4 real hours), not 01:00–05:00.
 */
export function weeklyLengthSeconds(window: WindowTimes): number {
  const real = (window.endsAt.getTime() - window.startsAt.getTime()) / 1000;
  return (
    real + offsetSeconds(window.endsAt, window.timeZone) - offsetSeconds(window.startsAt, window.timeZone)
  );
}

export function isWindowActive(window: WindowTimes, at: Date): boolean {
  if (at < window.startsAt) return false;
  if (!window.weekly) return at < window.endsAt;
  const since = secondOfWeek(at, window.timeZone) - secondOfWeek(window.startsAt, window.timeZone);
  // A window saved before the local length was checked (Dec 4) may have none, or a week or more, on
  // the clock: it keeps its real length rather than never or always holding.
  const local = weeklyLengthSeconds(window);
  const length =
    local > 0 && local < WEEK_SECONDS ? local : (window.endsAt.getTime() - window.startsAt.getTime()) / 1000;
  return ((since % WEEK_SECONDS) + WEEK_SECONDS) % WEEK_SECONDS < length;
}
