// Server components' GraphQL client: calls ${LEVEE_API_URL}/graphql directly, forwarding the browser's
// cookies (so the API sees the levee_session cookie) and never caching. Reading cookies() also makes every
// caller render per request, so `next build` never contacts the API.
import { cookies } from "next/headers";
import { apiGraphqlUrl, type GraphQLResult, type Operation, postGraphQL } from "./request";

export { ApiError, ApiUnreachableError } from "./request";

export async function serverFetch<TData, TVariables>(
  document: Operation<TData, TVariables>,
  variables?: TVariables,
): Promise<GraphQLResult<TData>> {
  const cookie = (await cookies()).toString();
  return postGraphQL(apiGraphqlUrl(), document, variables, { cookie, cache: "no-store", timeoutMs: 5_000 });
}
