import type { Tx } from "../audit/audit-recorder.ts";
import type { Permission } from "../auth/permissions.ts";
import type { GraphQLContext } from "../context.ts";
import { NotFoundError } from "../errors.ts";

/**
 * An alerting object the caller may act on: NOT_FOUND when it is missing or in a workspace the
 * caller cannot read (existence never leaks), FORBIDDEN when readable but the role falls short.
 */
export async function requireAlertObject<T extends { workspaceId: string }>(
  ctx: GraphQLContext,
  row: T | null,
  what: string,
  permission: Permission,
  read: Permission = "alert:read",
): Promise<T> {
  if (!row || !(await ctx.access.can(row.workspaceId, read))) throw new NotFoundError(what);
  await ctx.access.require(row.workspaceId, permission, what);
  return row;
}

/** Deletes one row in a transaction with its audit entry (names only, never settings). */
export async function deleteAudited(
  ctx: GraphQLContext,
  row: { id: string; workspaceId: string; name: string },
  type: string,
  action: string,
  remove: (tx: Tx) => Promise<unknown>,
): Promise<string> {
  await ctx.mutate(async (tx, audit) => {
    await remove(tx);
    await audit({
      action,
      workspaceId: row.workspaceId,
      target: { type, id: row.id },
      summary: { before: { name: row.name } },
    });
  });
  return row.id;
}
