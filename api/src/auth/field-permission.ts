import { idOf } from "../global-id.ts";
import type { Permission } from "./permissions.ts";

/**
 * Field `authScopes` computed from the field's arguments: the caller must hold `permission` in
 * the workspace whose global ID is the `arg` argument. Declared where the field is defined, so
 * the root-guard walk (root-guards.test.ts) sees it; refuses with the same NOT_FOUND / FORBIDDEN
 * (and the same VALIDATION for a malformed ID) the resolver's own check gave before.
 */
export const workspacePermission =
  (permission: Permission, arg = "workspaceId") =>
  (_root: unknown, args: Record<string, unknown>) => ({
    permission: { workspaceId: idOf(args[arg] as string, "Workspace", arg), permission },
  });
