// The change-password form's decisions, pure for node:test: what the browser refuses before sending, which
// field each of the API's refusals belongs on, and what the success line says about the other sessions.
import type { FieldProblem } from "../graphql/outcome";

export const MIN_PASSWORD = 12;

export interface PasswordChangeValues {
  currentPassword: string;
  newPassword: string;
  confirm: string;
}

/** Problems found before sending, each on its field (`currentPassword`, `newPassword`, `confirm`). */
export function checkPasswordChange(values: PasswordChangeValues): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if (values.currentPassword === "")
    problems.push({ path: "currentPassword", message: "Enter your current password" });
  if (values.newPassword.length < MIN_PASSWORD)
    problems.push({ path: "newPassword", message: `At least ${MIN_PASSWORD} characters` });
  if (values.confirm !== values.newPassword)
    problems.push({ path: "confirm", message: "The two new passwords differ" });
  return problems;
}

/**
 * The API's refusal, placed on the form's fields: its password rules name `password` (as at sign-up), which is
 * the new password here; a wrong current password is an UNAUTHENTICATED answer naming the current password
 * (other UNAUTHENTICATED answers, an expired session for one, stay on the form). `message` is what the form
 * shows besides: a short note when every problem has its field, else the API's own words.
 */
export function placePasswordChangeProblems(outcome: {
  code: string;
  message: string;
  fieldErrors: readonly FieldProblem[];
}): { message: string; fieldErrors: FieldProblem[] } {
  const fieldErrors = outcome.fieldErrors.map((problem) =>
    /(^|\.)password$/.test(problem.path) ? { ...problem, path: "newPassword" } : problem,
  );
  if (outcome.code === "UNAUTHENTICATED" && /current password/i.test(outcome.message))
    fieldErrors.push({ path: "currentPassword", message: outcome.message });
  const onFields = fieldErrors.length > 0 && fieldErrors.every((p) => /(current|new)Password$/.test(p.path));
  return { message: onFields ? "Your password was not changed." : outcome.message, fieldErrors };
}

/** The success line: the API signs out every other session of the user; this one stays signed in. */
export function passwordChangedMessage(otherSessionsEnded: number): string {
  if (otherSessionsEnded === 0)
    return "Password changed; you stay signed in here (no other session was open).";
  const sessions =
    otherSessionsEnded === 1 ? "1 other session was" : `${otherSessionsEnded} other sessions were`;
  return `Password changed. ${sessions} signed out; you stay signed in here.`;
}
