import SchemaBuilder from "@pothos/core";
import ErrorsPlugin from "@pothos/plugin-errors";
import PrismaPlugin from "@pothos/plugin-prisma";
import RelayPlugin, { resolveNodes as loadNodesByGlobalId } from "@pothos/plugin-relay";
import ScopeAuthPlugin from "@pothos/plugin-scope-auth";
import ValidationPlugin from "@pothos/plugin-validation";
import { type GraphQLResolveInfo, GraphQLScalarType, Kind } from "graphql";
import { credentialKindOf, wrongCredentialError } from "./auth/credential-kind.ts";
import { assertNodeReadable, requireReadable } from "./auth/node-guard.ts";
import type { Permission } from "./auth/permissions.ts";
import type { GraphQLContext } from "./context.ts";
import { AuthenticationError, ValidationError } from "./errors.ts";
import type PrismaTypes from "./generated/pothos-prisma-types.ts";
import { getDatamodel } from "./generated/pothos-prisma-types.ts";
import { Prisma } from "./generated/prisma/client.ts";

/** Configuration only: plugins, scalars and auth scopes. Types live in the domain *.schema.ts files. */
export const builder = new SchemaBuilder<{
  Context: GraphQLContext;
  PrismaTypes: PrismaTypes;
  DefaultFieldNullability: false;
  DefaultInputFieldRequiredness: true;
  AuthScopes: {
    authenticated: boolean;
    user: boolean;
    agent: boolean;
    /** Field-level workspace permission; refuses with NOT_FOUND/FORBIDDEN exactly as the services do. */
    permission: { workspaceId: string; permission: Permission };
    /** Type-level: the caller may read this object of a guarded type (auth/node-guard.ts). */
    readable: { typename: string; object: unknown };
  };
  Scalars: {
    DateTime: { Input: Date; Output: Date };
    JSON: { Input: unknown; Output: unknown };
    File: { Input: File; Output: never };
    ID: { Input: string; Output: string };
  };
}>({
  defaultFieldNullability: false,
  defaultInputFieldRequiredness: true,
  plugins: [ScopeAuthPlugin, ValidationPlugin, ErrorsPlugin, PrismaPlugin, RelayPlugin],
  scopeAuth: {
    authScopes: (ctx) => ({
      authenticated: ctx.principal.kind !== "anonymous",
      user: ctx.principal.kind === "user",
      agent: ctx.principal.kind === "agent",
      permission: async ({ workspaceId, permission }) => {
        await ctx.access.require(workspaceId, permission);
        return true;
      },
      readable: ({ typename, object }) => requireReadable(typename, object, ctx),
    }),
    // A valid credential of the wrong kind (a key on a user-only field) is FORBIDDEN, not 401.
    unauthorizedError: (_parent, ctx, _info, result) =>
      wrongCredentialError(ctx.principal, credentialKindOf(result.failure)),
  },
  // Input-validation failures (plugin-validation runs as an arg mapper) are returned as the
  // ValidationError member of a mutation's result union, like every other input problem.
  // ("Unsafe": such a reply comes before the field's authScopes, so an anonymous caller may
  // learn its input is malformed before being asked to sign in; no resolver runs, no data is
  // read, and authorisation proper happens in the services.)
  errors: { directResult: true, unsafelyHandleInputErrors: true },
  validation: {
    validationError: (failure) =>
      new ValidationError(
        failure.issues.map((issue) => ({
          path: (issue.path ?? []).map((p) => (typeof p === "object" ? String(p.key) : String(p))).join("."),
          message: issue.message,
        })),
      ),
  },
  prisma: {
    client: (ctx) => ctx.db,
    dmmf: getDatamodel(),
    exposeDescriptions: false,
    filterConnectionTotalCount: true,
    // Every list is a connection with a bounded page: this, not a query-cost guess, is what
    // bounds the work one request can ask for.
    defaultConnectionSize: 50,
    maxConnectionSize: 200,
    onUnusedQuery: process.env.NODE_ENV === "production" ? null : "warn",
  },
  relay: {
    clientMutationId: "omit",
    cursorType: "String",
    // Objects fetched by global ID pass the same access check as everything else:
    // another tenant's object is NOT_FOUND, exactly like a missing one.
    // Nothing is readable anonymously: refused before any object is loaded.
    nodeQueryOptions: {
      description:
        "Any object by its global ID (the `id` of a MonitoredNode, Incident, Workspace, …); NOT_FOUND when there is none or your credential may not read it, alike",
      resolve: async (_root, { id }, ctx, _info, resolveNode) => {
        if (ctx.principal.kind === "anonymous") throw new AuthenticationError(ctx.principal.problem);
        return assertNodeReadable(id.typename, await Promise.resolve(resolveNode(id)).catch(() => null), ctx);
      },
    },
    nodesQueryOptions: {
      description:
        "Objects by global ID, in the order given: one that does not exist or your credential may not read is null in its slot, with a NOT_FOUND error naming that index; the others are answered",
      // Each ID is loaded on its own: the field's resolveNodes loads every ID together, and a
      // Prisma type's load throws for a missing row, so one stale ID (a node deleted since)
      // made every object of the list NOT_FOUND. Still one query per ID, as before.
      resolve: async (_root, { ids }, ctx, info) => {
        if (ctx.principal.kind === "anonymous") throw new AuthenticationError(ctx.principal.problem);
        const objects = await loadEachNode(ctx, info, ids);
        return ids.map((id, i) => assertNodeReadable(id.typename, objects[i], ctx));
      },
    },
  },
});

/** Each global ID loaded on its own: a missing or failing one is null, the others are answered. */
function loadEachNode(
  ctx: GraphQLContext,
  info: GraphQLResolveInfo,
  ids: readonly { id: unknown; typename: string }[],
): Promise<unknown[]> {
  return Promise.all(
    ids.map((id) =>
      loadNodesByGlobalId(builder, ctx, info, [id])
        .then(([object]) => object)
        .catch(() => null),
    ),
  );
}

builder.addScalarType(
  "DateTime",
  new GraphQLScalarType<Date, string>({
    name: "DateTime",
    description: "ISO-8601 timestamp with time zone",
    serialize: (value) => (value instanceof Date ? value : new Date(value as string)).toISOString(),
    parseValue: (value) => parseDate(value),
    parseLiteral: (ast) => parseDate(ast.kind === Kind.STRING ? ast.value : undefined),
  }),
);

builder.scalarType("JSON", {
  description: "Arbitrary JSON value",
  serialize: (value) => value,
  parseValue: (value) => value,
});

builder.scalarType("File", {
  description: "A file sent with the GraphQL multipart request specification (input only)",
  serialize: () => {
    throw new Error("File is an input-only scalar");
  },
  parseValue: (value) => {
    // Yoga hands over its own File implementation (@whatwg-node), so check the shape, not the class.
    const file = value as File | null;
    if (
      file &&
      typeof file === "object" &&
      typeof file.arrayBuffer === "function" &&
      typeof file.size === "number"
    )
      return file;
    throw new ValidationError([{ path: "", message: "expected a file part (GraphQL multipart request)" }]);
  },
});

// Dates the database stores (and a year anyone means): outside, a clear BAD_USER_INPUT rather
// than a database error masked as INTERNAL.
const EARLIEST = Date.UTC(1970, 0, 1);
const LATEST = Date.UTC(9999, 11, 31, 23, 59, 59, 999);

// An ISO-8601 date, or a date and time with its zone (Z or an offset). JavaScript's Date parses
// much more: "0" (2000-01-01), "December 5, 2026", "2026-02-30" (March 2), and a time without a
// zone in the server's own time zone — each a different instant than its sender meant.
const ISO_DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})(?:[Tt]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:[Zz]|[+-]\d{2}:?\d{2}))?$/;

function parseDate(value: unknown): Date {
  const parts = typeof value === "string" ? ISO_DATE_TIME.exec(value) : null;
  const date = parts ? new Date(value as string) : undefined;
  if (
    !parts ||
    !date ||
    Number.isNaN(date.getTime()) ||
    new Date(Date.UTC(Number(parts[1]), Number(parts[2]) - 1, Number(parts[3]))).getUTCDate() !==
      Number(parts[3])
  )
    throw new ValidationError([
      {
        path: "",
        message: "DateTime must be an ISO-8601 date and time with its zone, e.g. 2026-12-05T14:30:00Z",
      },
    ]);
  if (date.getTime() < EARLIEST || date.getTime() > LATEST)
    throw new ValidationError([{ path: "", message: "DateTime must lie between 1970-01-01 and 9999-12-31" }]);
  return date;
}

export { Prisma };
