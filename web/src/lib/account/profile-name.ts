// The display name form's own check, before it asks the API (updateProfile): the same bounds as the
// API's (1–100 characters once trimmed, as at sign-up), so a refusal shows beside the field without a round trip.
import type { FieldProblem } from "@/lib/graphql/outcome";

export const PROFILE_NAME_MAX = 100;

export function checkProfileName(name: string): FieldProblem[] {
  const trimmed = name.trim();
  if (trimmed === "") return [{ path: "name", message: "must not be empty" }];
  if (trimmed.length > PROFILE_NAME_MAX)
    return [{ path: "name", message: `must be at most ${PROFILE_NAME_MAX} characters` }];
  return [];
}
