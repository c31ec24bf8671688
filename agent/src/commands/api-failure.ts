import { ApiError } from "../transport/graphql-client.ts";
import { EXIT } from "./exit-codes.ts";

/** Prints why an API call of a one-shot command failed and returns its exit code. */
export function apiFailure(error: unknown, what: string, unauthenticatedHint: string): number {
  if (!(error instanceof ApiError)) throw error;
  const hint =
    error.kind === "unauthenticated"
      ? unauthenticatedHint
      : error.kind === "unreachable"
        ? "is the API URL right, and is the API up and reachable from here?"
        : error.kind === "protocol"
          ? "the URL does not point at a compatible Levee API"
          : undefined;
  process.stderr.write(`levee-agent: ${what}: ${error.message}${hint ? `\n  ${hint}` : ""}\n`);
  if (error.kind === "unauthenticated" || error.code === "FORBIDDEN") return EXIT.NOPERM;
  if (error.kind === "unreachable" || error.kind === "protocol" || error.kind === "rate-limited")
    return EXIT.UNAVAILABLE;
  // "rejected" (CONFLICT, BAD_USER_INPUT, NOT_FOUND) and "too-large": the API answered and refused
  // the request itself, which is only changed by changing what is sent.
  return EXIT.DATAERR;
}
