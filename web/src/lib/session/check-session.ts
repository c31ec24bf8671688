import { ViewerQuery } from "@/lib/graphql/operations/session";
import { ApiError, serverFetch } from "@/lib/graphql/server-fetch";

/**
 * Who the request's session belongs to (null: none or expired); an unreachable API yields a
 * warning instead, so a sign-in page still renders and says why.
 */
export async function checkSession(): Promise<{ email: string | null; warning: string | null }> {
  try {
    const { data } = await serverFetch(ViewerQuery);
    return { email: data?.me?.email ?? null, warning: null };
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    return { email: null, warning: error.message };
  }
}
