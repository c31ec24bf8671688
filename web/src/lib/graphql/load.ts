// Server components load their data through here: signed-out callers go to sign-in (and come back), objects
// that do not exist *or belong to another tenant* (the API answers NOT_FOUND for both) render the 404 page,
// a short RATE_LIMITED (the viewer's own burst) is waited out once (load-retry.ts), and every other failure is
// thrown to the nearest error.tsx, never swallowed.
import { headers } from "next/headers";
import { notFound, redirect } from "next/navigation";
import { signInPath } from "@/lib/routing/sign-in-gate";
import { loadRetryDelayMs } from "./load-retry";
import { ViewerQuery } from "./operations/session";
import { ApiRefusedError, type GraphQLErrorShape, type Operation } from "./request";
import { serverFetch } from "./server-fetch";

const codeOf = (error: GraphQLErrorShape) => error.extensions?.code;
/** NOT_FOUND, or an id from the URL that is not even a well-formed global ID: the same 404 either way. */
const isNotFound = (error: GraphQLErrorShape) =>
  codeOf(error) === "NOT_FOUND" || (codeOf(error) === "BAD_USER_INPUT" && /global ID/i.test(error.message));

export async function redirectToSignIn(): Promise<never> {
  redirect(signInPath((await headers()).get("x-levee-path") ?? "/"));
}

export async function load<TData, TVariables>(
  document: Operation<TData, TVariables>,
  variables?: TVariables,
): Promise<TData> {
  let { data, errors } = await serverFetch(document, variables);
  // A viewer's own burst refused for a second or two: the page renders that much later, once.
  const wait = loadRetryDelayMs(errors);
  if (wait !== undefined) {
    await new Promise((resolve) => setTimeout(resolve, wait));
    ({ data, errors } = await serverFetch(document, variables));
  }
  if (errors.some((error) => codeOf(error) === "UNAUTHENTICATED")) await redirectToSignIn();
  if (errors.some(isNotFound)) {
    // An expired session also reads as "not found": sign in first, then look again.
    const viewer = await serverFetch(ViewerQuery);
    if (viewer.data && !viewer.data.me) await redirectToSignIn();
    notFound();
  }
  if (errors.length > 0) throw new ApiRefusedError(errors);
  if (!data) throw new Error("The API returned no data.");
  return data;
}
