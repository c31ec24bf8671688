// Wall-clock times in an IANA time zone, for maintenance windows: a datetime-local value ("2026-12-04T14:00",
// no zone) read in the zone the user chose, and instants shown back in a zone. Intl only, no library. Pure,
// for node:test.
import { canonicalZone, isValidTimeZone, offsetSeconds, wallClock } from "@levee/shared/time-zones";

const LOCAL = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/;

/** How far `zone`'s wall clock is ahead of UTC at instant `at`, in ms. */
const offsetAt = (at: number, zone: string) => offsetSeconds(new Date(at), zone) * 1000;

export type Instant = { ok: true; iso: string } | { ok: false; message: string };

/**
 * The instant a datetime-local value names in `zone`. A time the clocks skip (the hour lost when
 * daylight saving starts) names no instant and is refused; a time they pass twice (the hour repeated when
 * it ends) is the first of the two.
 */
export function localToInstant(local: string, zone: string): Instant {
  const m = LOCAL.exec(local.trim());
  if (!m) return { ok: false, message: "Enter a date and time" };
  const [, year = "", month = "", day = "", hour = "", minute = "", second = "00"] = m;
  const asUtc = Date.UTC(+year, +month - 1, +day, +hour, +minute, +second);
  if (new Date(asUtc).toISOString().slice(0, 19) !== `${year}-${month}-${day}T${hour}:${minute}:${second}`)
    return { ok: false, message: "Not a date and time" };
  if (!isValidTimeZone(zone)) return { ok: false, message: "Choose a time zone first" };
  // The zone's offset a day either side covers any one change of its clocks around that time.
  const offsets = new Set([offsetAt(asUtc - 86_400_000, zone), offsetAt(asUtc + 86_400_000, zone)]);
  const matches = [...offsets]
    .map((offset) => asUtc - offset)
    .filter((at) => toLocalInput(at, zone, true) === `${year}-${month}-${day}T${hour}:${minute}:${second}`)
    .sort((a, b) => a - b);
  if (matches.length === 0)
    return { ok: false, message: `The clocks skip this time in ${zone} (daylight saving)` };
  return { ok: true, iso: new Date(matches[0] ?? asUtc).toISOString() };
}

/** An instant as a datetime-local value in `zone` ("2026-12-04T14:00"), e.g. to prefill an input. */
export function toLocalInput(at: number | string | Date, zone: string, withSeconds = false): string {
  const w = wallClock(new Date(at).getTime(), zone);
  return `${w.year}-${w.month}-${w.day}T${w.hour}:${w.minute}${withSeconds ? `:${w.second}` : ""}`;
}

/** An instant as people read it in `zone`: "Fri 2026-12-04 14:00". */
export function formatInZone(at: number | string | Date, zone: string): string {
  const time = new Date(at);
  try {
    const w = wallClock(time, zone);
    return `${w.weekday} ${w.year}-${w.month}-${w.day} ${w.hour}:${w.minute}`;
  } catch (error) {
    // A zone the server knows and this browser's older zone data does not (Europe/Kyiv, say): the
    // page still renders, in UTC, rather than throwing during hydration.
    if (!(error instanceof RangeError) || zone === "UTC") throw error;
    return `${formatInZone(time, "UTC")} UTC (${zone} unknown to this browser)`;
  }
}

/** The zone this browser (or process) runs in, UTC when it cannot tell. */
export function viewerZone(): string {
  return canonicalZone(Intl.DateTimeFormat().resolvedOptions().timeZone ?? "") ?? "UTC";
}
