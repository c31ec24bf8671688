import { INTEGRATION_SCOPES } from "@levee/shared/auth/integration-scopes";
import {
  PERMISSIONS,
  type Permission,
  ROLE_PERMISSIONS,
  type WorkspaceRole,
} from "@levee/shared/auth/permissions";
import type { Role } from "../generated/prisma/enums.ts";

// The table lives in @levee/shared, so the dashboard shows a control only where the API allows it.
export { higherRole, outranks, type Permission } from "@levee/shared/auth/permissions";

export const permissions = PERMISSIONS;

/** The database's roles are the shared table's roles, both ways (a new one must be added to both). */
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : never) : never;
const rolesAgree: Same<Role, WorkspaceRole> = true;
void rolesAgree;

export const rolePermissions: Record<Role, ReadonlySet<Permission>> = ROLE_PERMISSIONS;

/** What an integration key may be granted (@levee/shared: the dashboard's key form lists the same). */
export const integrationScopes: ReadonlySet<Permission> = new Set(
  INTEGRATION_SCOPES satisfies readonly Permission[],
);
