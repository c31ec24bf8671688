/** The expiry choices of the new-key form: a preset number of days, a date, or none. */
export const EXPIRY_PRESETS = [
  { value: "never", label: "Never (until revoked)" },
  { value: "30", label: "In 30 days" },
  { value: "90", label: "In 90 days" },
  { value: "365", label: "In 365 days" },
  { value: "date", label: "On a date…" },
] as const;

export type ExpiryChoice = (typeof EXPIRY_PRESETS)[number]["value"];

export type ExpiryOutcome =
  | { ok: true; expiresAt: string | null }
  | { ok: false; path: "expiresAt"; message: string };

const DAY_MS = 86_400_000;

/**
 * The `expiresAt` createApiKey takes, from the form's choice: null for never, now + N days for a
 * preset, and for a date (YYYY-MM-DD, from <input type="date">) the end of that day in the
 * browser's time zone, so a key "expiring on" a day still works all of it. A date that has
 * passed is refused here, as the API would refuse it (an expiry must be in the future).
 */
export function expiryFromForm(choice: string, date: string, now: Date): ExpiryOutcome {
  if (choice === "never") return { ok: true, expiresAt: null };
  if (choice === "30" || choice === "90" || choice === "365")
    return { ok: true, expiresAt: new Date(now.getTime() + Number(choice) * DAY_MS).toISOString() };
  if (choice !== "date") return { ok: false, path: "expiresAt", message: "Choose when the key expires" };
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date.trim());
  if (!match) return { ok: false, path: "expiresAt", message: "Give the date the key expires on" };
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  // The next midnight after the chosen day, local time; Date rolls 2026-02-31 over, so check it did not.
  const end = new Date(year, month - 1, day + 1);
  const chosen = new Date(year, month - 1, day);
  if (chosen.getFullYear() !== year || chosen.getMonth() !== month - 1 || chosen.getDate() !== day)
    return { ok: false, path: "expiresAt", message: "That date does not exist" };
  if (end.getTime() <= now.getTime())
    return { ok: false, path: "expiresAt", message: "That date has passed: choose today or later" };
  return { ok: true, expiresAt: end.toISOString() };
}

/** How the key list shows an expiry: none, to come, or past (an expired key is refused, not revoked). */
export function expiryLabel(expiresAt: string | null | undefined, now: number): string {
  if (!expiresAt) return "Never";
  return Date.parse(expiresAt) <= now ? "Expired" : "Expires";
}
