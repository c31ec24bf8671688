import { GraphQLError } from "graphql";
import type { Plugin } from "graphql-yoga";

/** Request bodies a GraphQL operation may come in: nothing an HTML form can send without multipart. */
const OPERATION_CONTENT_TYPES = ["application/json", "application/graphql+json", "multipart/form-data"];

/**
 * Whether a browser page of `origin` may call us. Requests without Origin come from agents,
 * integrations and curl (browsers send it on every cross-site request and on same-origin
 * POSTs); with one it must be our own (GraphiQL) or listed in ALLOWED_ORIGINS. The literal
 * "null" (sandboxed frames, file:) never is.
 */
export function originAllowed(origin: string | null, host: string | null, allowed: readonly string[]) {
  if (origin === null) return true;
  if (allowed.includes(origin)) return true;
  try {
    return host !== null && new URL(origin).host === host;
  } catch {
    return false;
  }
}

/** Mutations cannot ride on a form post: only JSON or multipart (the latter only with an agent key). */
export function contentTypeAllowed(method: string, contentType: string | null): boolean {
  if (method !== "POST") return true;
  const type = contentType?.split(";")[0]?.trim().toLowerCase() ?? "";
  return OPERATION_CONTENT_TYPES.includes(type);
}

function refuse(status: number, code: string, message: string): Response {
  return Response.json({ errors: [{ message, extensions: { code } }] }, { status });
}

/**
 * CSRF and origin policy for GraphQL over HTTP, and hardening headers on every answer:
 * a foreign Origin is refused (403) before anything runs, a form-encoded or text/plain POST
 * is refused (415), an unparsable body is answered without echoing it.
 */
export function requestPolicyPlugin(allowedOrigins: readonly string[]): Plugin {
  return {
    onRequest({ request, endResponse }) {
      if (
        !originAllowed(
          request.headers.get("origin"),
          request.headers.get("host") ?? hostOf(request.url),
          allowedOrigins,
        )
      )
        return endResponse(
          refuse(403, "FORBIDDEN_ORIGIN", "This origin may not call the Levee API (ALLOWED_ORIGINS)"),
        );
      if (!contentTypeAllowed(request.method, request.headers.get("content-type")))
        return endResponse(
          refuse(
            415,
            "UNSUPPORTED_MEDIA_TYPE",
            "Send GraphQL operations as application/json (or multipart/form-data uploads)",
          ),
        );
    },
    onRequestParse({ requestParser, setRequestParser }) {
      if (!requestParser) return;
      setRequestParser(async (request) => {
        try {
          return await requestParser(request);
        } catch (error) {
          // yoga passes on JSON.parse's message, which quotes the body: answer without it.
          if (error instanceof GraphQLError && error.extensions?.originalError)
            throw new GraphQLError("The request body is not valid JSON", {
              extensions: { code: "BAD_REQUEST", http: { status: 400 } },
            });
          throw error;
        }
      });
    },
    onResponse({ response }) {
      response.headers.set("x-content-type-options", "nosniff");
      response.headers.set("referrer-policy", "no-referrer");
      response.headers.set("x-frame-options", "DENY");
    },
  };
}

function hostOf(url: string): string | null {
  try {
    return new URL(url).host;
  } catch {
    return null;
  }
}
