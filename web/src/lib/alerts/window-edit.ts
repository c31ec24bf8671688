// What editing a maintenance window sends, and ending one now. The API keeps every field an update leaves
// out, except nodeId, where null is the whole workspace (api/src/alerts/maintenance.service.ts); so an edit
// sends only what changed. Times are edited as wall-clock minutes in the window's own zone, so a stored
// instant with seconds (one ended now) is unchanged while its minute is. Pure, for node:test.
import type { UpdateMaintenanceWindowInput } from "@/lib/graphql/generated/graphql";
import { type WindowDraft, windowState } from "./maintenance-form";
import { toLocalInput } from "./zoned-time";

/** A window as the Alerts page lists it. */
export interface StoredWindow {
  id: string;
  name: string;
  /** Absent or null: the whole workspace. */
  nodeId?: string | null;
  startsAt: string;
  endsAt: string;
  weekly: boolean;
  timeZone: string;
}

/** What the form holds: name, node ("" = whole workspace), zone, and times as wall-clock values in it. */
export interface WindowValues {
  name: string;
  nodeId: string;
  timeZone: string;
  startsAt: string;
  endsAt: string;
  weekly: boolean;
}

/** A new window's form: its zone and times are filled in once in the browser (the browser's zone, now). */
export const NEW_WINDOW: WindowValues = {
  name: "",
  nodeId: "",
  timeZone: "",
  startsAt: "",
  endsAt: "",
  weekly: false,
};

/** What an edit form starts with: the stored window, its times as wall-clock values in its own zone. */
export function windowValues(window: StoredWindow): WindowValues {
  return {
    name: window.name,
    nodeId: window.nodeId ?? "",
    timeZone: window.timeZone,
    startsAt: toLocalInput(window.startsAt, window.timeZone),
    endsAt: toLocalInput(window.endsAt, window.timeZone),
    weekly: window.weekly,
  };
}

const minuteOf = (iso: string) => Math.floor(Date.parse(iso) / 60_000);

/**
 * The update for the form's values, with only what changed, or null when nothing did (no call).
 * `untouched` names the times whose wall-clock text is as the form opened with it, in the same zone: those
 * are not sent even when reading the text back gives another instant (a time in the hour the clocks pass
 * twice reads back as its first pass).
 */
export function windowEdit(
  stored: StoredWindow,
  draft: WindowDraft,
  untouched: { startsAt: boolean; endsAt: boolean } = { startsAt: false, endsAt: false },
): UpdateMaintenanceWindowInput | null {
  const input: UpdateMaintenanceWindowInput = { windowId: stored.id };
  if (draft.name !== stored.name) input.name = draft.name;
  if (draft.nodeId !== (stored.nodeId ?? null)) input.nodeId = draft.nodeId;
  if (!untouched.startsAt && minuteOf(draft.startsAt) !== minuteOf(stored.startsAt))
    input.startsAt = draft.startsAt;
  if (!untouched.endsAt && minuteOf(draft.endsAt) !== minuteOf(stored.endsAt)) input.endsAt = draft.endsAt;
  if (draft.weekly !== stored.weekly) input.weekly = draft.weekly;
  if (draft.timeZone !== stored.timeZone) input.timeZone = draft.timeZone;
  return Object.keys(input).length > 1 ? input : null;
}

/** Whether "End now" applies: a one-off window holding alerts now (a weekly one's end is its length). */
export const canEndNow = (window: StoredWindow, now: number) =>
  !window.weekly && windowState(window, now) === "active";

/**
 * The update that ends a one-off window at `now` (the server's clock as this page estimates it), or null
 * when it is not under way then: a confirmation left open past its end must not move the end later.
 */
export function endNow(window: StoredWindow, now: number): UpdateMaintenanceWindowInput | null {
  if (!canEndNow(window, now)) return null;
  return { windowId: window.id, endsAt: new Date(Math.min(now, Date.parse(window.endsAt))).toISOString() };
}
