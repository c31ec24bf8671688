// When a page's load is worth one more try. Pure, for node:test.
import type { GraphQLErrorShape } from "./request";

/** The longest a page's render waits out a refusal before asking once more. */
export const MAX_LOAD_RETRY_WAIT_MS = 3000;

/**
 * How long to wait before loading once more, or undefined when not worth it: a viewer's burst (links
 * clicked in quick succession, each page's queries priced against GRAPHQL_COST_PER_SECOND and the
 * request rate) is answered RATE_LIMITED with a wait of a second or two; the page then renders that
 * much later instead of as an error page. A longer wait, or any other error, is shown as it is.
 */
export function loadRetryDelayMs(errors: readonly GraphQLErrorShape[]): number | undefined {
  if (errors.length === 0) return undefined;
  let wait = 0;
  for (const error of errors) {
    if (error.extensions?.code !== "RATE_LIMITED") return undefined;
    const seconds = Number(error.extensions?.retryAfterSeconds ?? 1);
    if (!Number.isFinite(seconds) || seconds < 0) return undefined;
    wait = Math.max(wait, seconds * 1000);
  }
  return wait <= MAX_LOAD_RETRY_WAIT_MS ? wait : undefined;
}
