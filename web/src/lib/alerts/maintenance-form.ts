// The maintenance window form, read into createMaintenanceWindow's input, and a window's state for its row.
// Start and end are datetime-local values read in the chosen IANA zone (zoned-time.ts); only what must hold
// to send instants is checked here (a zone Intl knows, times that exist in it). The API checks the rest (end
// after start, a weekly window shorter than a week, the name) and its problems are shown per field. Pure.
import { isWindowActive } from "@levee/shared/alerts/maintenance-window";
import { canonicalZone } from "@levee/shared/time-zones";
import type { FieldProblem } from "@/lib/graphql/outcome";
import { localToInstant } from "./zoned-time";

export interface WindowDraft {
  name: string;
  /** null: the whole workspace. */
  nodeId: string | null;
  startsAt: string;
  endsAt: string;
  weekly: boolean;
  timeZone: string;
}

const text = (form: FormData, name: string) => String(form.get(name) ?? "").trim();

/** Reads the form; every problem is reported at once, by field name. */
export function readWindowForm(form: FormData): { draft: WindowDraft | null; problems: FieldProblem[] } {
  const problems: FieldProblem[] = [];
  const zone = canonicalZone(text(form, "timeZone"));
  if (!zone)
    problems.push({ path: "timeZone", message: "Not a time zone Intl knows, e.g. Europe/Berlin or UTC" });
  const instant = (field: "startsAt" | "endsAt") => {
    if (!zone) return "";
    const result = localToInstant(text(form, field), zone);
    if (result.ok) return result.iso;
    problems.push({ path: field, message: result.message });
    return "";
  };
  const startsAt = instant("startsAt");
  const endsAt = instant("endsAt");
  if (!zone || problems.length > 0) return { draft: null, problems };
  return {
    draft: {
      name: text(form, "name"),
      nodeId: text(form, "nodeId") || null,
      startsAt,
      endsAt,
      weekly: form.get("weekly") === "on",
      timeZone: zone,
    },
    problems,
  };
}

export type WindowState = "active" | "upcoming" | "ended" | "recurring";

export const WINDOW_STATE_LABEL: Record<WindowState, string> = {
  active: "Active now",
  upcoming: "Upcoming",
  ended: "Ended",
  recurring: "Not now",
};

/** isWindowActive, or, for a zone this browser's zone data lacks, the same read in UTC (no hydration crash). */
function activeAt(times: Parameters<typeof isWindowActive>[0], now: number): boolean {
  try {
    return isWindowActive(times, new Date(now));
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
    return isWindowActive({ ...times, timeZone: "UTC" }, new Date(now));
  }
}

/** Whether alerts are held now (the API's own rule), else whether the window is still to come or over. */
export function windowState(
  window: { startsAt: string; endsAt: string; weekly: boolean; timeZone: string },
  now: number,
): WindowState {
  const times = { ...window, startsAt: new Date(window.startsAt), endsAt: new Date(window.endsAt) };
  if (activeAt(times, now)) return "active";
  if (now < times.startsAt.getTime()) return "upcoming";
  return window.weekly ? "recurring" : "ended";
}
