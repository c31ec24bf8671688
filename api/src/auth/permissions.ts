import { INTEGRATION_SCOPES } from "@levee/shared/auth/integration-scopes";
import type { Role } from "../generated/prisma/enums.ts";

/** Every action Levee authorises, as noun:verb. Roles and integration-key scopes draw from this list. */
export const permissions = [
  "workspace:read",
  "workspace:update",
  "workspace:delete",
  "workspace:create-child",
  "member:read",
  "member:manage",
  "apikey:read",
  "apikey:manage",
  "node:read",
  "node:create",
  "node:update",
  "node:delete",
  "enrollment:manage",
  "audit:read",
  "incident:read",
  /** Raise detection past the ceiling an ANALYST (or a node:update key) may set: ADMIN and OWNER only. */
  "detection:override",
  "mitigation:read",
  "mitigation:manage",
  "incident:acknowledge",
  "alert:read",
  "alert:manage",
] as const;
export type Permission = (typeof permissions)[number];

const read: Permission[] = [
  "workspace:read",
  "member:read",
  "node:read",
  "audit:read",
  "incident:read",
  "mitigation:read",
  "alert:read",
];
const analyst: Permission[] = [...read, "apikey:read", "node:update", "incident:acknowledge"];
const admin: Permission[] = [
  ...analyst,
  "workspace:update",
  "workspace:create-child",
  "member:manage",
  "apikey:manage",
  "node:create",
  "node:delete",
  "enrollment:manage",
  "detection:override",
  "mitigation:manage",
  "alert:manage",
];

export const rolePermissions: Record<Role, ReadonlySet<Permission>> = {
  OWNER: new Set([...admin, "workspace:delete"]),
  ADMIN: new Set(admin),
  ANALYST: new Set(analyst),
  READONLY: new Set(read),
};

/** What an integration key may be granted (@levee/shared: the dashboard's key form lists the same). */
export const integrationScopes: ReadonlySet<Permission> = new Set(
  INTEGRATION_SCOPES satisfies readonly Permission[],
);

const rank: Record<Role, number> = { OWNER: 4, ADMIN: 3, ANALYST: 2, READONLY: 1 };

export function higherRole(a: Role, b: Role): Role {
  return rank[a] >= rank[b] ? a : b;
}

export function outranks(a: Role, b: Role): boolean {
  return rank[a] > rank[b];
}
