import type { GraphQLContext } from "../context.ts";
import { NotFoundError } from "../errors.ts";
import type { Permission } from "./permissions.ts";
import type { Principal } from "./principal.ts";

/**
 * Who may read an object of each workspace-owned type, however it is reached: by global ID
 * (`node(id)` / `nodes(ids)`), from a root field, or through a relation of another object
 * (`Incident.node`, `ApiKey.node`, …). Each domain registers its types here and passes
 * `readableScopes(typename)` as the type's `authScopes`, so every field of such an object is
 * checked against the caller's permission on the object's own workspace — an integration key
 * with `incident:read` alone cannot read node fields through `Incident.node`.
 */
interface Guard {
  permission: Permission;
  workspaceOf(object: unknown, ctx: GraphQLContext): Promise<string | string[] | null> | string | null;
  /** The caller's own object, readable whatever the roles say: a user's self, an agent's node. */
  ownedBy?(object: unknown, principal: Principal): boolean;
}

const guards = new Map<string, Guard>();

export function guardNodeType(typename: string, guard: Guard): void {
  guards.set(typename, guard);
}

/** Typenames with a guard (the schema-walk test checks every object type is guarded or a plain value). */
export function guardedTypes(): ReadonlyMap<string, Pick<Guard, "permission">> {
  return guards;
}

/** Type-level authScopes of a guarded type (see the `readable` scope in builder.ts). */
export function readableScopes(typename: string) {
  return (object: unknown) => ({ readable: { typename, object } });
}

/** A service hands back an object its caller may see though no role says so (enrolAgent's new node). */
export function grantRead(ctx: GraphQLContext, typename: string, id: string): void {
  ctx.readGrants.add(`${typename}:${id}`);
}

/** true, or throws: UNAUTHENTICATED for anonymous callers, FORBIDDEN for a visible workspace, else NOT_FOUND. */
export async function requireReadable(typename: string, object: unknown, ctx: GraphQLContext): Promise<true> {
  const guard = guards.get(typename);
  if (!object || !guard) throw new NotFoundError(typename);
  const id = (object as { id?: string }).id;
  if (id && ctx.readGrants.has(`${typename}:${id}`)) return true;
  const { principal } = ctx;
  if (guard.ownedBy?.(object, principal)) return true;
  const workspaces = [(await guard.workspaceOf(object, ctx)) ?? []].flat();
  for (const workspaceId of workspaces) if (await ctx.access.can(workspaceId, guard.permission)) return true;
  const last = workspaces.at(-1);
  if (last) await ctx.access.require(last, guard.permission, typename);
  throw new NotFoundError(typename);
}

export async function assertNodeReadable(
  typename: string,
  object: unknown,
  ctx: GraphQLContext,
): Promise<unknown> {
  const guard = guards.get(typename);
  if (!object || !guard) throw new NotFoundError(typename);
  const workspaces = await guard.workspaceOf(object, ctx);
  for (const workspaceId of [workspaces ?? []].flat()) {
    if (await ctx.access.can(workspaceId, guard.permission)) return object;
  }
  throw new NotFoundError(typename);
}

/**
 * Public on purpose: object types anyone may read without a credential (the status-page contract).
 * Each is declared with why; the schema-walk tests treat them as plain values and a status-page
 * test proves the fields reachable from them are exactly the ones the page shows.
 */
const publicTypes = new Map<string, string>();

export function declarePublicType(typename: string, why: string): void {
  publicTypes.set(typename, why);
}

export function publicTypeNames(): ReadonlyMap<string, string> {
  return publicTypes;
}
