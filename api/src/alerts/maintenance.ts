/**
 * Maintenance windows' rules on save. When a window is active (one-off, or weekly at the same
 * local time in its IANA zone) is `@levee/shared/alerts/maintenance-window`, which the dashboard
 * runs too for its "active now".
 */
import {
  isWindowActive,
  type WindowTimes as Window,
  weeklyLengthSeconds,
} from "@levee/shared/alerts/maintenance-window";
import { isValidTimeZone, WEEK_SECONDS } from "@levee/shared/time-zones";

export { isWindowActive, type Window };

/** Problems with a window's times, for the service's ValidationError. */
export function windowProblems(window: Window): { path: string; message: string }[] {
  const problems: { path: string; message: string }[] = [];
  if (!isValidTimeZone(window.timeZone))
    problems.push({ path: "input.timeZone", message: "is not an IANA time zone" });
  if (window.endsAt <= window.startsAt)
    problems.push({ path: "input.endsAt", message: "must be after the start" });
  // Its length on the local clock too (each later occurrence's), when the zone is known.
  else if (
    window.weekly &&
    (window.endsAt.getTime() - window.startsAt.getTime() >= WEEK_SECONDS * 1000 ||
      (problems.length === 0 && weeklyLengthSeconds(window) >= WEEK_SECONDS))
  )
    problems.push({ path: "input.endsAt", message: "a weekly window must last less than a week" });
  // 02:00 summer time to 02:00 winter time is an hour, and nothing on the clock each later week.
  else if (window.weekly && problems.length === 0 && weeklyLengthSeconds(window) <= 0)
    problems.push({ path: "input.endsAt", message: "must end after it starts on the local clock" });
  return problems;
}
