// The public subscription mutations as the web server sends them (the confirm page, the unsubscribe
// one-click route): without the visitor's cookies, with the visitor's address for the API's limits.

import {
  ConfirmStatusPageSubscriptionMutation,
  UnsubscribeFromStatusPageMutation,
} from "@/lib/graphql/operations/status-page";
import { apiGraphqlUrl, postGraphQL } from "@/lib/graphql/request";

/** "confirmed", "invalid" (used, expired or unknown link) or throws when the API fails. */
export async function confirmSubscription(token: string, visitor?: string): Promise<"confirmed" | "invalid"> {
  const { data, errors } = await postGraphQL(
    apiGraphqlUrl(),
    ConfirmStatusPageSubscriptionMutation,
    { input: { token } },
    { cache: "no-store", timeoutMs: 10_000, forwardedFor: visitor },
  );
  const payload = data?.confirmStatusPageSubscription;
  if (payload?.__typename === "ConfirmStatusPageSubscriptionPayload") return "confirmed";
  if (payload?.__typename === "ValidationError") return "invalid";
  throw new Error(errors.map((e) => e.message).join("; ") || `confirmation refused: ${payload?.__typename}`);
}

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
