// HOOK for status pages (issue 18 items 1–2, built on another branch). Branding by slug is public only
// where a public status page already shows the workspace, and the MSP customer flow turns a status page
// on in its transaction. Until the status-page table exists here, no slug is public and enabling is a
// no-op: at merge, these two functions read and write that table (services.statusPages in tests).
import type { Tx } from "../audit/audit-recorder.ts";
import type { Database } from "../db/database.ts";

export interface StatusPageHook {
  /** Whether the workspace's status page is public (so its branding may be shown by slug). */
  isPublic(db: Database["prisma"], workspaceId: string): Promise<boolean>;
  /** Inside the customer-creation transaction: create the workspace's status page, public or not. */
  enable(tx: Tx, workspaceId: string, options: { public: boolean }): Promise<void>;
}

export const statusPageHook: StatusPageHook = {
  isPublic: async () => false,
  enable: async () => {},
};
