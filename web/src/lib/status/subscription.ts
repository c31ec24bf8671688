// The unsubscribe mutation as the web server sends it (the RFC 8058 one-click route): without the
// visitor's cookies, with the visitor's address for the API's limits.

import { UnsubscribeFromStatusPageMutation } from "@/lib/graphql/operations/status-page";
import { apiGraphqlUrl, postGraphQL } from "@/lib/graphql/request";

/** Ends the subscription of the token; an unknown token (already gone) answers alike. Throws when the API fails. */
export async function unsubscribe(token: string, visitor?: string): Promise<void> {
  const { data, errors } = await postGraphQL(
    apiGraphqlUrl(),
    UnsubscribeFromStatusPageMutation,
    { input: { token } },
    { cache: "no-store", timeoutMs: 10_000, forwardedFor: visitor },
  );
  if (data?.unsubscribeFromStatusPage?.__typename !== "UnsubscribeFromStatusPagePayload")
    throw new Error(errors.map((e) => e.message).join("; ") || "unsubscribe refused");
}
