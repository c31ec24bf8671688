/**
 * IANA time zones on the local clock, pure: which names are zones, where in its week an instant
 * falls locally, and a zone's offset from UTC. Maintenance windows repeat on the local clock
 * (alerts/maintenance-window.ts) and seasonal baselines compare a node with the same local hour of
 * earlier weeks (the API's detection/seasonal.ts).
 */
export const WEEK_SECONDS = 7 * 24 * 3600;
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

/** The wall-clock fields of instant `at` in `zone`, as two-digit strings (year four). */
export interface WallClock {
  weekday: string;
  year: string;
  month: string;
  day: string;
  hour: string;
  minute: string;
  second: string;
}

/** `at`'s wall clock in `zone` (one cached formatter per zone: the seasonal look-ups call it per node). */
export function wallClock(at: Date | number, zone: string): WallClock {
  let format = formatters.get(zone);
  if (!format) {
    format = new Intl.DateTimeFormat("en-US", {
      timeZone: zone,
      weekday: "short",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
      hourCycle: "h23",
    });
    formatters.set(zone, format);
  }
  const parts = Object.fromEntries(format.formatToParts(at).map((p) => [p.type, p.value]));
  return {
    weekday: parts.weekday ?? "",
    year: parts.year ?? "",
    month: parts.month ?? "",
    day: parts.day ?? "",
    hour: parts.hour ?? "",
    minute: parts.minute ?? "",
    second: parts.second ?? "",
  };
}

/** Seconds since the local Monday 00:00 of the week containing `at`, in `zone`. */
export function secondOfWeek(at: Date, zone: string): number {
  const w = wallClock(at, zone);
  const day = weekdays.indexOf(w.weekday);
  return day * 86400 + Number(w.hour) * 3600 + Number(w.minute) * 60 + Number(w.second);
}

/** The zone's offset from UTC at `at`, in seconds (offsets lie within ±14 h, so half a week folds them). */
export function offsetSeconds(at: Date, zone: string): number {
  const diff = secondOfWeek(at, zone) - secondOfWeek(at, "UTC");
  const half = WEEK_SECONDS / 2;
  return ((((diff + half) % WEEK_SECONDS) + WEEK_SECONDS) % WEEK_SECONDS) - half;
}

/**
 * A zone Intl knows, spelled as its list spells it ("europe/berlin" → "Europe/Berlin", "utc" → UTC),
 * else null. A name Intl resolves to another (Chromium resolves Asia/Kolkata to the older
 * Asia/Calcutta) is kept as typed. The settings forms check with it and updateWorkspace stores it.
 */
export function canonicalZone(zone: string): string | null {
  const name = zone.trim();
  if (!name || !isValidTimeZone(name)) return null;
  const lower = name.toLowerCase();
  const listed = knownZones().find((z) => z.toLowerCase() === lower);
  if (listed) return listed;
  const resolved = new Intl.DateTimeFormat("en-US", { timeZone: name }).resolvedOptions().timeZone;
  if (resolved.toLowerCase() === lower) return resolved;
  // Not listed here under this name (Asia/Kolkata where Intl lists Asia/Calcutta): kept as typed
  // when cased as zone names are, otherwise Intl's name for it ("asia/kolkata" → Asia/Calcutta).
  return name.split("/").every((part) => /^[A-Z]/.test(part)) ? name : resolved;
}

let zones: readonly string[] | undefined;

/** Every zone Intl lists, UTC first, for a datalist. */
export function knownZones(): readonly string[] {
  if (!zones) {
    const listed = typeof Intl.supportedValuesOf === "function" ? Intl.supportedValuesOf("timeZone") : [];
    zones = ["UTC", ...listed.filter((zone) => zone !== "UTC")];
  }
  return zones;
}
