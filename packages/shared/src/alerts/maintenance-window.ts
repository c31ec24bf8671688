/**
 * When a maintenance window is active, pure, for the API's suppression and the dashboard's "active
 * now" alike. A one-off window is active from startsAt to endsAt. A weekly window repeats every
 * week from its first occurrence at the same local weekday and time in its IANA time zone (so it
 * follows daylight-saving changes), lasting endsAt − startsAt.
 */
export interface WindowTimes {
  startsAt: Date;
  endsAt: Date;
  weekly: boolean;
  timeZone: string;
}

const WEEK_SECONDS = 7 * 24 * 3600;
const weekdays = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
const formatters = new Map<string, Intl.DateTimeFormat>();

/** A zone Intl knows (an IANA name such as Europe/Berlin, or UTC). */
export function isValidTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** Seconds since the local Monday 00:00 of the week containing `at`, in `zone`. */
export function secondOfWeek(at: Date, zone: string): number {
  let format = formatters.get(zone);
  if (!format) {
    format = new Intl.DateTimeFormat("en-US", {
      timeZone: zone,
      weekday: "short",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
      hourCycle: "h23",
    });
    formatters.set(zone, format);
  }
  const parts = Object.fromEntries(format.formatToParts(at).map((p) => [p.type, p.value]));
  const day = weekdays.indexOf(parts.weekday ?? "");
  return day * 86400 + Number(parts.hour) * 3600 + Number(parts.minute) * 60 + Number(parts.second);
}

export function isWindowActive(window: WindowTimes, at: Date): boolean {
  if (at < window.startsAt) return false;
  if (!window.weekly) return at < window.endsAt;
  const length = (window.endsAt.getTime() - window.startsAt.getTime()) / 1000;
  const since = secondOfWeek(at, window.timeZone) - secondOfWeek(window.startsAt, window.timeZone);
  return ((since % WEEK_SECONDS) + WEEK_SECONDS) % WEEK_SECONDS < length;
}
