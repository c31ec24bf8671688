// Transport shared by server-fetch.ts and client-fetch.ts: POST a document, parse the GraphQL response, and
// turn network failures into ApiError subclasses with readable messages. Pure (no next/*) for node:test.
import type { TypedDocumentString } from "./generated/graphql";

/** A generated operation: a plain string at run time, carrying its result and variable types. */
export type Operation<TData, TVariables> = TypedDocumentString<TData, TVariables>;

export const DEFAULT_API_URL = "http://localhost:4000";

export interface GraphQLErrorShape {
  message: string;
  path?: ReadonlyArray<string | number>;
  extensions?: Readonly<Record<string, unknown>>;
}

export interface GraphQLResult<TData> {
  data: TData | null;
  errors: readonly GraphQLErrorShape[];
}

/** The API answered with something that is not a GraphQL response (proxy error page, 502 …). */
export class ApiError extends Error {
  override name = "ApiError";
  constructor(
    message: string,
    readonly url: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/** No HTTP response at all: connection refused, DNS failure, timeout. */
export class ApiUnreachableError extends ApiError {
  override name = "ApiUnreachableError";
}

/**
 * The API answered, refusing: every error's message, and their `extensions` kept for callers that tell one
 * refusal from another (a stale cursor starts a list over; RATE_LIMITED or anything else is an error).
 */
export class ApiRefusedError extends Error {
  override name = "ApiRefusedError";
  constructor(readonly errors: readonly GraphQLErrorShape[]) {
    super(errors.map((error) => error.message).join("; "));
  }

  /** Whether every error is BAD_USER_INPUT naming `argument` (`after`) among its problems. */
  refusesArgument(argument: string): boolean {
    return (
      this.errors.length > 0 &&
      this.errors.every((error) => {
        const problems = error.extensions?.fieldErrors;
        return (
          error.extensions?.code === "BAD_USER_INPUT" &&
          Array.isArray(problems) &&
          problems.some((p: { path?: unknown }) => p?.path === argument)
        );
      })
    );
  }
}

/** `${LEVEE_API_URL}/graphql`, LEVEE_API_URL defaulting to http://localhost:4000. */
export function apiGraphqlUrl(env: Readonly<Record<string, string | undefined>> = process.env): string {
  const base = env.LEVEE_API_URL?.trim() || DEFAULT_API_URL;
  return `${base.replace(/\/+$/, "")}/graphql`;
}

function describeFailure(error: unknown, timeoutMs: number): string {
  if (error instanceof Error && error.name === "TimeoutError")
    return `no response within ${timeoutMs / 1000}s`;
  const cause = error instanceof Error ? (error.cause as { code?: unknown } | undefined) : undefined;
  if (typeof cause?.code === "string") return cause.code;
  return error instanceof Error ? error.message : String(error);
}

export interface PostOptions {
  cookie?: string | undefined;
  cache?: RequestCache;
  credentials?: RequestCredentials;
  timeoutMs?: number;
  fetchImpl?: typeof fetch;
  /** The visitor's address (decided by web/server.ts), passed as X-Forwarded-For. */
  forwardedFor?: string | undefined;
}

export async function postGraphQL<TData, TVariables>(
  url: string,
  document: Operation<TData, TVariables>,
  variables: TVariables | undefined,
  { cookie, cache, credentials, timeoutMs = 10_000, fetchImpl = fetch, forwardedFor }: PostOptions = {},
): Promise<GraphQLResult<TData>> {
  const headers: Record<string, string> = {
    "content-type": "application/json",
    accept: "application/graphql-response+json, application/json",
  };
  if (cookie) headers.cookie = cookie;
  if (forwardedFor) headers["x-forwarded-for"] = forwardedFor;
  let response: Response;
  try {
    response = await fetchImpl(url, {
      method: "POST",
      headers,
      body: JSON.stringify({ query: document.toString(), variables }),
      signal: AbortSignal.timeout(timeoutMs),
      ...(cache ? { cache } : {}),
      ...(credentials ? { credentials } : {}),
    });
  } catch (error) {
    const reason = describeFailure(error, timeoutMs);
    throw new ApiUnreachableError(`API unreachable at ${url} (${reason})`, url, { cause: error });
  }
  return readGraphQLResponse<TData>(url, response);
}

/** The header the API asks of a browser's upload beside its session cookie (no HTML form can send it). */
export const UPLOAD_CSRF_HEADER = "x-levee-upload";

/**
 * The GraphQL multipart request (operations, map, one file) for an operation with one `File` variable
 * named `fileVariable`; the browser sets the multipart boundary itself.
 */
export function multipartBody<TData, TVariables>(
  document: Operation<TData, TVariables>,
  variables: TVariables,
  fileVariable: string,
  file: Blob,
  fileName: string,
): FormData {
  const form = new FormData();
  const operations = { query: document.toString(), variables: { ...variables, [fileVariable]: null } };
  form.set("operations", JSON.stringify(operations));
  form.set("map", JSON.stringify({ 0: [`variables.${fileVariable}`] }));
  form.set("0", file, fileName);
  return form;
}

/** Sends an upload (multipartBody) to `url` with the upload header; answers as postGraphQL does. */
export async function postGraphQLUpload<TData>(
  url: string,
  body: FormData,
  { timeoutMs = 30_000, fetchImpl = fetch }: Pick<PostOptions, "timeoutMs" | "fetchImpl"> = {},
): Promise<GraphQLResult<TData>> {
  let response: Response;
  try {
    response = await fetchImpl(url, {
      method: "POST",
      headers: { accept: "application/graphql-response+json, application/json", [UPLOAD_CSRF_HEADER]: "1" },
      body,
      credentials: "same-origin",
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (error) {
    const reason = describeFailure(error, timeoutMs);
    throw new ApiUnreachableError(`API unreachable at ${url} (${reason})`, url, { cause: error });
  }
  return readGraphQLResponse<TData>(url, response);
}

async function readGraphQLResponse<TData>(url: string, response: Response): Promise<GraphQLResult<TData>> {
  let body: unknown;
  try {
    body = await response.json();
  } catch (error) {
    throw new ApiError(`API at ${url} answered HTTP ${response.status} without a GraphQL response`, url, {
      cause: error,
    });
  }
  if (typeof body !== "object" || body === null || !("data" in body || "errors" in body)) {
    throw new ApiError(`API at ${url} answered HTTP ${response.status} without a GraphQL response`, url);
  }
  const { data, errors } = body as { data?: TData | null; errors?: GraphQLErrorShape[] };
  return { data: data ?? null, errors: Array.isArray(errors) ? errors : [] };
}
