// MSP: one flow creates a customer workspace with its own slug, look and status page. Everything is one
// transaction: a refused theme or a taken slug leaves no half-made customer behind.
import type { GraphQLContext } from "../context.ts";
import { checkNewWorkspace, insertWorkspace } from "../workspaces/workspace.service.ts";
import { type BrandingInput, brandingColumns, writeBranding } from "./branding.service.ts";

export interface CustomerWorkspaceInput {
  parentId: string;
  name: string;
  slug: string;
  branding: BrandingInput;
  /** Turn the customer's status page on (public) — through the status-page hook. */
  statusPage: boolean;
}

export async function createCustomerWorkspace(ctx: GraphQLContext, input: CustomerWorkspaceInput) {
  const user = await checkNewWorkspace(ctx, { slug: input.slug, parentId: input.parentId });
  const columns = brandingColumns(ctx, input.branding, "input.branding");
  const created = await ctx.mutate(async (tx, audit) => {
    const workspace = await insertWorkspace(tx, audit, user.userId, {
      name: input.name,
      slug: input.slug,
      parentId: input.parentId,
    });
    const summary = await writeBranding(tx, workspace.id, columns);
    await audit({
      action: "workspace.branding",
      workspaceId: workspace.id,
      target: { type: "Workspace", id: workspace.id },
      summary,
    });
    if (input.statusPage) await ctx.statusPages.enable(tx, workspace.id, { public: true });
    return workspace;
  });
  // The slug's public page may have been read (null) a moment ago: that kept answer goes, here
  // and on every other instance (as status-page.service.ts does after a page's change).
  if (input.statusPage) {
    ctx.publicReads.forget();
    ctx.pubsub.publish("statusPagesChanged", { workspaceId: created.id });
  }
  return created;
}
