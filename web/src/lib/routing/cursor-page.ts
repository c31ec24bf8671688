// Lists paged by cursor in the URL (`?after=`): the Nodes page, an MSP's customers. A cursor is only good
// for as long as the row it names exists, in the workspace it was handed out for.
import { redirect } from "next/navigation";
import { ApiRefusedError } from "../graphql/request";

type SearchParams = Record<string, string | string[] | undefined>;

/** The page's cursor from its query string; none for the first page. */
export function afterOf(query: SearchParams): string | null {
  return typeof query.after === "string" && query.after !== "" ? query.after : null;
}

/**
 * `load(after)`, starting the list over at `firstPage` when the cursor no longer leads anywhere: one the
 * API refuses as a cursor (BAD_USER_INPUT on `after`: edited, or of another workspace) and one past a
 * deleted row (an empty page, which would otherwise read as "nothing here yet"). Any other failure (a
 * rate limit, the API away) is the failure it is, for the page's error boundary: read as a stale cursor,
 * it sent the reader back to the first page without a word.
 */
export async function loadCursorPage<T>(
  after: string | null,
  firstPage: string,
  load: (after: string | null) => Promise<T>,
  isEmpty: (page: T) => boolean,
): Promise<T> {
  const page = await load(after).catch((error: unknown) => {
    if (after && isRefusedCursor(error)) return null;
    throw error;
  });
  if (page === null || (after && isEmpty(page))) redirect(firstPage);
  return page;
}

/** The API's cursor check (api/src/http/cursor-arguments.ts) refused the page's `after`. */
export function isRefusedCursor(error: unknown): boolean {
  return error instanceof ApiRefusedError && error.refusesArgument("after");
}
