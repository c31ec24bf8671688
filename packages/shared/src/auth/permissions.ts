/**
 * Who may do what, in one table both sides read: the API authorises every call with it
 * (api/src/auth/access.ts) and the dashboard shows a control only to a role the API will let use
 * it, so a button can never offer what the call behind it refuses.
 */

/** Every action Levee authorises, as noun:verb. Roles and integration-key scopes draw from this list. */
export const PERMISSIONS = [
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
export type Permission = (typeof PERMISSIONS)[number];

/** The workspace roles, highest first (the schema's `Role` enum). */
export const ROLES = ["OWNER", "ADMIN", "ANALYST", "READONLY"] as const;
export type WorkspaceRole = (typeof ROLES)[number];

/**
 * A role as people read it, on the dashboard's Members page and in an invitation e-mail: "Read-only",
 * "Admin", not the enum ("as ADMIN" to someone who has not seen the product yet).
 */
export function roleName(role: string): string {
  return role === "READONLY" ? "Read-only" : role.charAt(0) + role.slice(1).toLowerCase();
}

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

export const ROLE_PERMISSIONS: Record<WorkspaceRole, ReadonlySet<Permission>> = {
  OWNER: new Set([...admin, "workspace:delete"]),
  ADMIN: new Set(admin),
  ANALYST: new Set(analyst),
  READONLY: new Set(read),
};

/** Whether `role` holds `permission`; no role (not a member, not signed in) holds none. */
export function roleCan(role: WorkspaceRole | null | undefined, permission: Permission): boolean {
  return role != null && ROLE_PERMISSIONS[role].has(permission);
}

const RANK: Record<WorkspaceRole, number> = { OWNER: 4, ADMIN: 3, ANALYST: 2, READONLY: 1 };

/** The higher of two roles (a member of a parent workspace and of the child itself keeps the higher). */
export function higherRole<R extends WorkspaceRole>(a: R, b: R): R {
  return RANK[a] >= RANK[b] ? a : b;
}

/** Whether `a` ranks strictly above `b` (who may change or remove whom). */
export function outranks(a: WorkspaceRole, b: WorkspaceRole): boolean {
  return RANK[a] > RANK[b];
}
