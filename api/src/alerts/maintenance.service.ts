import type { Tx } from "../audit/audit-recorder.ts";
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

/**
 * Checks a window as it would be saved: its times and zone (unless `times` is false), its name,
 * and that its node is the workspace's.
 */
async function checkWindow(db: Pick<Tx, "node">, window: StoredWindow, times = true) {
  const problems = times ? windowProblems(window) : [];
  if (window.name.length < 1 || window.name.length > 80)
    problems.push({ path: "input.name", message: "must be 1–80 characters" });
  if (problems.length > 0) throw new ValidationError(problems);
  if (window.nodeId) {
    const node = await db.node.findUnique({ where: { id: window.nodeId } });
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
  await checkWindow(ctx.db, window);
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
 * id and history where a delete and create would leave a gap and two entries. The row is locked
 * and read again in the transaction, so two changes at once apply one after the other (each
 * audited with what it replaced), and a change racing a delete is NOT_FOUND; the whole window as
 * it would be saved is checked again. Suppression reads windows as each delivery is planned
 * (alert.jobs.ts), so the change holds from the next one; deliveries already suppressed stay so.
 * A weekly window's `endsAt` sets the length of every occurrence, and its `startsAt` stays the
 * same instant when only `timeZone` changes (its local time moves with the zone).
 */
export async function updateMaintenanceWindow(ctx: GraphQLContext, windowId: string, change: WindowChange) {
  const found = await ctx.db.maintenanceWindow.findUnique({ where: { id: windowId } });
  const { workspaceId } = await requireAlertObject(ctx, found, "maintenance window", "alert:manage");
  return ctx.mutate(async (tx, audit) => {
    const held = await tx.$queryRaw<
      unknown[]
    >`SELECT id FROM maintenance_window WHERE id = ${windowId}::uuid FOR UPDATE`;
    const before =
      held.length > 0 ? await tx.maintenanceWindow.findUnique({ where: { id: windowId } }) : null;
    if (!before) throw new NotFoundError("maintenance window");
    const window = {
      workspaceId,
      nodeId: change.nodeId === undefined ? before.nodeId : change.nodeId,
      name: change.name?.trim() ?? before.name,
      startsAt: change.startsAt ?? before.startsAt,
      endsAt: change.endsAt ?? before.endsAt,
      weekly: change.weekly ?? before.weekly,
      timeZone: change.timeZone ?? before.timeZone,
    };
    // Times are checked when they change: a weekly window saved before today's rules (no length
    // on the local clock) keeps its real length and can still be renamed or moved to a node.
    const timesChanged =
      window.startsAt.getTime() !== before.startsAt.getTime() ||
      window.endsAt.getTime() !== before.endsAt.getTime() ||
      window.weekly !== before.weekly ||
      window.timeZone !== before.timeZone;
    await checkWindow(tx, window, timesChanged);
    const [was, data] = [viewOf(before), viewOf(window)];
    // Nothing to change: nothing written, nothing audited.
    if (JSON.stringify(was) === JSON.stringify(data)) return before;
    const updated = await tx.maintenanceWindow.update({ where: { id: windowId }, data });
    await audit({
      action: "maintenance-window.update",
      workspaceId,
      target: { type: "MaintenanceWindow", id: windowId },
      summary: { before: was, after: data },
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
