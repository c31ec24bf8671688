// Where branding meets status pages. Branding by slug is public only where a public status page
// already shows the workspace (so `publicBranding` says no more than `/s/<slug>` does), and the MSP
// customer flow switches a status page on inside its own transaction. Kept as an interface so the
// branding domain reads the status-page table in one place (services.statusPages).
import type { Tx } from "../audit/audit-recorder.ts";
import type { Database } from "../db/database.ts";

export interface StatusPageHook {
  /** Whether the workspace's status page is published and public (so its branding may be shown by slug). */
  isPublic(db: Database["prisma"], workspaceId: string): Promise<boolean>;
  /** Inside the customer-creation transaction: publish the workspace's status page, public or not. */
  enable(tx: Tx, workspaceId: string, options: { public: boolean }): Promise<void>;
}

export const statusPageHook: StatusPageHook = {
  async isPublic(db, workspaceId) {
    const page = await db.statusPage.findUnique({
      where: { workspaceId },
      select: { enabled: true, public: true },
    });
    return page?.enabled === true && page.public;
  },
  async enable(tx, workspaceId, options) {
    const workspace = await tx.workspace.findUniqueOrThrow({
      where: { id: workspaceId },
      select: { name: true },
    });
    await tx.statusPage.upsert({
      where: { workspaceId },
      update: { enabled: true, public: options.public },
      create: { workspaceId, title: workspace.name, enabled: true, public: options.public },
    });
  },
};
