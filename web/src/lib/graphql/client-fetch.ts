// Browser GraphQL client: same-origin POST to /graphql, which src/app/graphql/route.ts proxies to the API,
// so the API's HTTP-only levee_session cookie is set on (and sent from) the web origin.
import { type Outcome, outcomeOf } from "./outcome";
import {
  ApiError,
  type GraphQLResult,
  multipartBody,
  type Operation,
  postGraphQL,
  postGraphQLUpload,
} from "./request";

export { ApiError, ApiUnreachableError } from "./request";

export function clientFetch<TData, TVariables>(
  document: Operation<TData, TVariables>,
  variables?: TVariables,
  /** A same-origin route that answers this one operation like /graphql (a protected status page's `subscribe`). */
  url = "/graphql",
): Promise<GraphQLResult<TData>> {
  return postGraphQL(url, document, variables, { credentials: "same-origin", timeoutMs: 15_000 });
}

/** Runs a mutation and returns its payload or the reason it failed (network, GraphQL or typed error). */
export async function runMutation<TData, TVariables, TPayload>(
  document: Operation<TData, TVariables>,
  variables: TVariables,
  pick: (data: TData) => TPayload,
  url?: string,
) {
  try {
    return outcomeOf(await clientFetch(document, variables, url), pick as never) as Outcome<
      Exclude<TPayload, { code: string; message: string }>
    >;
  } catch (error) {
    const message = error instanceof ApiError ? error.message : String(error);
    return { ok: false, code: "NETWORK", message, fieldErrors: [] } as const;
  }
}

/**
 * Runs a mutation that uploads one file (GraphQL multipart request through the same /graphql proxy) and
 * returns its payload or the reason it failed, as runMutation does. A body refused before GraphQL ran
 * (too large: 413) answers without a GraphQL response and reads as a network failure with its message.
 */
export async function runUpload<TData, TVariables, TPayload>(
  document: Operation<TData, TVariables>,
  variables: Omit<TVariables, "file">,
  file: File,
  pick: (data: TData) => TPayload,
) {
  try {
    const body = multipartBody(document, variables as TVariables, "file", file, file.name || "upload");
    return outcomeOf(await postGraphQLUpload<TData>("/graphql", body), pick as never) as Outcome<
      Exclude<TPayload, { code: string; message: string }>
    >;
  } catch (error) {
    const message = error instanceof ApiError ? error.message : String(error);
    return { ok: false, code: "NETWORK", message, fieldErrors: [] } as const;
  }
}
