import { randomBytes } from "node:crypto";
import { appendAudit } from "../audit/audit-recorder.ts";
import { hashPassword } from "../auth/credentials.ts";
import type { Database } from "../db/database.ts";

/** The first owner's display name. */
export const FIRST_OWNER_NAME = "Owner";

export interface BootstrapResult {
  email: string;
  /** Present only when Levee generated it (shown once on the console). */
  generatedPassword?: string;
  workspaceSlug: string;
}

/**
 * On a server with no users yet, creates the first OWNER and a workspace so a fresh
 * install can be signed into at once. Does nothing once any user exists.
 *
 * Several API processes started together on a fresh database (production: "any number") each
 * bootstrap before they listen: without the lock all found no user, and all but one stopped
 * with the owner's e-mail as a unique-constraint error. Under it, the others find the owner.
 */
export function bootstrapFirstOwner(
  database: Database,
  options: { email?: string; password?: string },
): Promise<BootstrapResult | undefined> {
  return database.exclusive("bootstrap-first-owner", () => createFirstOwner(database, options));
}

async function createFirstOwner(
  database: Database,
  options: { email?: string; password?: string },
): Promise<BootstrapResult | undefined> {
  const { prisma } = database;
  if ((await prisma.user.count()) > 0) return undefined;
  const email = (options.email ?? "admin@levee.local").toLowerCase();
  const generatedPassword = options.password ? undefined : randomBytes(12).toString("base64url");
  const passwordHash = await hashPassword(options.password ?? (generatedPassword as string));
  const system = { type: "SYSTEM" as const, id: null, label: "levee bootstrap" };
  const workspaceSlug = "main";
  await prisma.$transaction(async (tx) => {
    // A neutral name: it is the sender of this owner's invitations ("Owner invited you to …") and
    // shows in customer workspaces' member lists, so "Levee owner" named the product in every
    // white-labelled workspace the first owner made (until renamed under Account: updateProfile).
    const user = await tx.user.create({ data: { email, name: FIRST_OWNER_NAME, passwordHash } });
    const workspace = await tx.workspace.create({ data: { slug: workspaceSlug, name: "Main workspace" } });
    await tx.membership.create({ data: { workspaceId: workspace.id, userId: user.id, role: "OWNER" } });
    await appendAudit(tx, system, null, {
      action: "user.bootstrap",
      workspaceId: null,
      target: { type: "User", id: user.id },
      summary: { email },
    });
    await appendAudit(tx, system, null, {
      action: "workspace.create",
      workspaceId: workspace.id,
      target: { type: "Workspace", id: workspace.id },
      summary: { after: { slug: workspaceSlug, owner: email } },
    });
  });
  return { email, generatedPassword, workspaceSlug };
}
