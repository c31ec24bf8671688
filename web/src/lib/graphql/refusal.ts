// What a form shows when the API (or the form's own reading) refuses its input: the problems a field shows
// stay on that field, and the form's line lists the rest, so none is lost. Pure, for node:test.
import { type FieldProblem, pathNames } from "./outcome";

export interface Refusal {
  code: string;
  message: string;
  fieldErrors: readonly FieldProblem[];
}

/** Whether a problem's path (`input.steps.0.channelIds`) is one of `fields` (matched as fieldMessage does). */
const isShown = (path: string, fields: readonly string[]) => fields.some((field) => pathNames(path, field));

/**
 * The refusal with its problems by field: a taken name (CONFLICT) is marked on `conflictField`, and the form's
 * message names only what no field in `fields` shows (a validation error's message repeats them all, by path).
 */
export function placeRefusal(
  refusal: Refusal,
  fields: readonly string[],
  conflictField = "name",
): { message: string; fieldErrors: readonly FieldProblem[] } {
  if (refusal.code === "CONFLICT")
    return { message: refusal.message, fieldErrors: [{ path: conflictField, message: refusal.message }] };
  if (refusal.fieldErrors.length === 0) return refusal;
  const unshown = refusal.fieldErrors.filter((p) => !isShown(p.path, fields));
  const message =
    unshown.length === 0
      ? "Not saved: see the marked fields."
      : `Not saved: ${unshown.map((p) => `${p.path.replace(/^input\./, "")} ${p.message}`).join("; ")}.`;
  return { message, fieldErrors: refusal.fieldErrors };
}
