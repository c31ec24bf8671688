// Browser GraphQL client: same-origin POST to /graphql, which src/app/graphql/route.ts proxies to the API,
// so the API's HTTP-only levee_session cookie is set on (and sent from) the web origin.
import type { TypedDocument } from "./documents";
import { type GraphQLResult, postGraphQL } from "./request";

export { ApiError, ApiUnreachableError } from "./request";

export function clientFetch<TData, TVariables>(
  document: TypedDocument<TData, TVariables>,
  variables?: TVariables,
): Promise<GraphQLResult<TData>> {
  return postGraphQL("/graphql", document, variables, { credentials: "same-origin", timeoutMs: 15_000 });
}
