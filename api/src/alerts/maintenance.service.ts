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

/**
 * What a change may set; a field left undefined (or null) keeps its value, except `nodeId`,
 * where null is the whole workspace.
 */
export type WindowChange = { [K in keyof WindowInput]?: WindowInput[K] | null };

type StoredWindow = { workspaceId: string; nodeId: string | null } & Required<{
  [K in Exclude<keyof WindowInput, "nodeId">]: NonNullable<WindowInput[K]>;
}>;

/** Checks a window as it would be saved: its times, zone and name, and that its node is the workspace's. */
async function checkWindow(ctx: GraphQLContext, window: StoredWindow) {
  const problems = windowProblems(window);
  if (window.name.length < 1 || window.name.length > 80)
    problems.push({ path: "input.name", message: "must be 1–80 characters" });
  if (problems.length > 0) throw new ValidationError(problems);
  if (window.nodeId) {
    const node = await ctx.db.node.findUnique({ where: { id: window.nodeId } });
    if (!node || node.workspaceId !== window.workspaceId) throw new NotFoundError("node");
  }
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
  await checkWindow(ctx, window);
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

/**
 * Changes a window in place: extending one under way, or ending it now (`endsAt` now), keeps its
 * id and history where a delete and create would leave a gap and two entries. The whole window
 * as it would be saved is checked again. Suppression reads windows as each delivery is planned
 * (alert.jobs.ts), so the change holds from the next one; deliveries already suppressed stay so.
 */
export async function updateMaintenanceWindow(ctx: GraphQLContext, windowId: string, change: WindowChange) {
  const found = await ctx.db.maintenanceWindow.findUnique({ where: { id: windowId } });
  const before = await requireAlertObject(ctx, found, "maintenance window", "alert:manage");
  const window = {
    workspaceId: before.workspaceId,
    nodeId: change.nodeId === undefined ? before.nodeId : change.nodeId,
    name: change.name?.trim() ?? before.name,
    startsAt: change.startsAt ?? before.startsAt,
    endsAt: change.endsAt ?? before.endsAt,
    weekly: change.weekly ?? before.weekly,
    timeZone: change.timeZone ?? before.timeZone,
  };
  await checkWindow(ctx, window);
  const { workspaceId: _, ...data } = window;
  return ctx.mutate(async (tx, audit) => {
    const updated = await tx.maintenanceWindow.update({ where: { id: windowId }, data });
    await audit({
      action: "maintenance-window.update",
      workspaceId: before.workspaceId,
      target: { type: "MaintenanceWindow", id: windowId },
      summary: { before: viewOf(before), after: viewOf(updated) },
    });
    return updated;
  });
}

const viewOf = (w: StoredWindow) => ({
  nodeId: w.nodeId,
  name: w.name,
  startsAt: w.startsAt,
  endsAt: w.endsAt,
  weekly: w.weekly,
  timeZone: w.timeZone,
});

export async function deleteMaintenanceWindow(ctx: GraphQLContext, windowId: string) {
  const found = await ctx.db.maintenanceWindow.findUnique({ where: { id: windowId } });
  const window = await requireAlertObject(ctx, found, "maintenance window", "alert:manage");
  return deleteAudited(ctx, window, "MaintenanceWindow", "maintenance-window.delete", (tx) =>
    tx.maintenanceWindow.delete({ where: { id: windowId } }),
  );
}
