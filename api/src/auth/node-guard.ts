import type { GraphQLContext } from "../context.ts";
import { NotFoundError } from "../errors.ts";
import type { Permission } from "./permissions.ts";

/**
 * How `node(id)` / `nodes(ids)` decide whether the caller may see an object fetched by
 * global ID. Each domain registers its types; an unregistered or unreadable object is
 * NOT_FOUND, exactly like a missing one.
 */
interface Guard {
  permission: Permission;
  workspaceOf(object: unknown, ctx: GraphQLContext): Promise<string | string[] | null> | string | null;
}

const guards = new Map<string, Guard>();

export function guardNodeType(typename: string, guard: Guard): void {
  guards.set(typename, guard);
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
