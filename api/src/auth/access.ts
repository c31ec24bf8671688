import type { Db } from "../db/database.ts";
import { AuthenticationError, ForbiddenError, NotFoundError } from "../errors.ts";
import type { Role } from "../generated/prisma/enums.ts";
import { wrongCredentialError } from "./credential-kind.ts";
import { higherRole, type Permission, rolePermissions } from "./permissions.ts";
import type { Principal } from "./principal.ts";

/**
 * The one place that decides whether the caller may touch a workspace. Services call
 * `require` before reading or changing anything; a workspace the caller cannot see at all
 * gives NOT_FOUND (its existence is not revealed), a visible one without the permission FORBIDDEN.
 */
export class Access {
  private roles: Promise<Map<string, Role>> | undefined;

  constructor(
    private readonly db: Db,
    readonly principal: Principal,
  ) {}

  /** The user's role per workspace; a role on an MSP workspace carries down to its customer workspaces. */
  private loadRoles(): Promise<Map<string, Role>> {
    const { principal } = this;
    if (principal.kind !== "user") return Promise.resolve(new Map());
    this.roles ??= this.db.$queryRaw<{ id: string; role: Role }[]>`
      WITH RECURSIVE reach(id, role) AS (
        SELECT m.workspace_id, m.role FROM membership m WHERE m.user_id = ${principal.userId}::uuid
        UNION
        SELECT w.id, r.role FROM workspace w JOIN reach r ON w.parent_id = r.id
      ) SELECT id::text AS id, role::text AS role FROM reach`.then((rows) => {
      const roles = new Map<string, Role>();
      for (const { id, role } of rows)
        roles.set(id, roles.has(id) ? higherRole(roles.get(id) as Role, role) : role);
      return roles;
    });
    return this.roles;
  }

  /** Roles are read once per request; a change made by this request (a new workspace) re-reads them. */
  refresh(): void {
    this.roles = undefined;
  }

  async roleIn(workspaceId: string): Promise<Role | undefined> {
    return (await this.loadRoles()).get(workspaceId);
  }

  /**
   * The one tenant filter of list reads: rows of the workspaces the caller can see. `field` is
   * the column holding the workspace id ("id" when listing workspaces themselves).
   */
  async where<F extends string = "workspaceId">(
    field: F = "workspaceId" as F,
  ): Promise<Record<F, { in: string[] }>> {
    return { [field]: { in: await this.workspaceIds() } } as Record<F, { in: string[] }>;
  }

  /** Workspaces the caller can read (for list queries and subscriptions). */
  async workspaceIds(): Promise<string[]> {
    if (this.principal.kind === "integration") return [this.principal.workspaceId];
    return [...(await this.loadRoles()).keys()];
  }

  async can(workspaceId: string, permission: Permission): Promise<boolean> {
    const { principal } = this;
    if (principal.kind === "integration") {
      return principal.workspaceId === workspaceId && principal.scopes.includes(permission);
    }
    const role = await this.roleIn(workspaceId);
    return role !== undefined && rolePermissions[role].has(permission);
  }

  async require(workspaceId: string, permission: Permission, what = "workspace"): Promise<void> {
    const { principal } = this;
    if (principal.kind === "anonymous") throw new AuthenticationError(principal.problem);
    if (await this.can(workspaceId, permission)) return;
    const visible =
      principal.kind === "integration"
        ? principal.workspaceId === workspaceId
        : (await this.roleIn(workspaceId)) !== undefined;
    if (!visible) throw new NotFoundError(what);
    throw new ForbiddenError(
      `Your ${principal.kind === "integration" ? "API key lacks" : "role lacks"} ${permission}`,
    );
  }

  requireUser(): Extract<Principal, { kind: "user" }> {
    if (this.principal.kind !== "user") throw wrongCredentialError(this.principal, "user");
    return this.principal;
  }
}
