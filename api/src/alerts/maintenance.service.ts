import type { GraphQLContext } from "../context.ts";
import { NotFoundError, ValidationError } from "../errors.ts";
import { deleteAudited, requireAlertObject } from "./alert-access.ts";
import { windowProblems } from "./maintenance.ts";

export interface WindowInput {
  nodeId?: string | null;
  name: string;
  startsAt: Date;
  endsAt: Date;
  weekly?: boolean | null;
  timeZone?: string | null;
}

export async function createMaintenanceWindow(ctx: GraphQLContext, workspaceId: string, input: WindowInput) {
  await ctx.access.require(workspaceId, "alert:manage");
  const window = {
    workspaceId,
    nodeId: input.nodeId ?? null,
    name: input.name.trim(),
    startsAt: input.startsAt,
    endsAt: input.endsAt,
    weekly: input.weekly ?? false,
    timeZone: input.timeZone ?? "UTC",
  };
  const problems = windowProblems(window);
  if (window.name.length < 1 || window.name.length > 80)
    problems.push({ path: "input.name", message: "must be 1–80 characters" });
  if (problems.length > 0) throw new ValidationError(problems);
  if (window.nodeId) {
    const node = await ctx.db.node.findUnique({ where: { id: window.nodeId } });
    if (!node || node.workspaceId !== workspaceId) throw new NotFoundError("node");
  }
  return ctx.mutate(async (tx, audit) => {
    const created = await tx.maintenanceWindow.create({ data: window });
    await audit({
      action: "maintenance-window.create",
      workspaceId,
      target: { type: "MaintenanceWindow", id: created.id },
      summary: { after: window },
    });
    return created;
  });
}

export async function deleteMaintenanceWindow(ctx: GraphQLContext, windowId: string) {
  const found = await ctx.db.maintenanceWindow.findUnique({ where: { id: windowId } });
  const window = await requireAlertObject(ctx, found, "maintenance window", "alert:manage");
  return deleteAudited(ctx, window, "MaintenanceWindow", "maintenance-window.delete", (tx) =>
    tx.maintenanceWindow.delete({ where: { id: windowId } }),
  );
}
