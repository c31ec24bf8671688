// The "forgot password" pages' decisions, pure for node:test: the neutral line after a request, what the
// browser refuses before sending a new password, where the API's refusal goes, and the sign-in page's notice.
import type { FieldProblem } from "../graphql/outcome";
import { pathNames } from "../graphql/outcome";
import { MIN_PASSWORD } from "./password-change";

/** Shown after any accepted request, whatever the address: the API answers alike for every one. */
export const RESET_REQUESTED_MESSAGE =
  "If an account uses this address, a link to choose a new password is on its way. It works once, for one hour. Nothing arrives? Check the spam folder, or ask again in a few minutes.";

/** The query `/login?reset=done` carries after a reset; the sign-in page then says so. */
export const RESET_DONE_QUERY = "reset=done";
export const RESET_DONE_MESSAGE =
  "Your password was changed and every session signed out: sign in with the new one.";

export function resetDoneNotice(reset: string | undefined): string | null {
  return reset === "done" ? RESET_DONE_MESSAGE : null;
}

/** Problems found before sending, each on its field (`password`, `confirm`). */
export function checkNewPassword(values: { password: string; confirm: string }): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if (values.password.length < MIN_PASSWORD)
    problems.push({ path: "password", message: `At least ${MIN_PASSWORD} characters` });
  if (values.confirm !== values.password)
    problems.push({ path: "confirm", message: "The two passwords differ" });
  return problems;
}

/**
 * The API's refusal of a reset: problems of the password stay on its field; a bad link (`input.token`, which
 * no field shows) becomes the form's line, and `linkDead` says to offer a new one.
 */
export function placeResetRefusal(outcome: {
  code: string;
  message: string;
  fieldErrors: readonly FieldProblem[];
}): { message: string; fieldErrors: FieldProblem[]; linkDead: boolean } {
  const token = outcome.fieldErrors.find((p) => pathNames(p.path, "token"));
  const fieldErrors = outcome.fieldErrors.filter((p) => !pathNames(p.path, "token"));
  if (token) return { message: token.message, fieldErrors, linkDead: true };
  const onFields = fieldErrors.length > 0 && fieldErrors.every((p) => pathNames(p.path, "password"));
  return {
    message: onFields ? "Your password was not changed." : outcome.message,
    fieldErrors,
    linkDead: false,
  };
}
