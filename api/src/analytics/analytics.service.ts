import type { GraphQLContext } from "../context.ts";

export interface WorkspaceAnalytics {
  since: Date;
  nodes: number;
  onlineNodes: number;
  nodesUnderAttack: number;
  openIncidents: number;
  incidents: number;
  multiNodeAttacks: number;
  bySeverity: { severity: string; count: number }[];
  peakPps: number;
  peakBps: number;
  attackMinutes: number;
}

/** A workspace at a glance: nodes, incidents since a time, peaks and minutes under attack. */
export async function workspaceAnalytics(
  ctx: GraphQLContext,
  workspaceId: string,
  since: Date,
): Promise<WorkspaceAnalytics> {
  await ctx.access.require(workspaceId, "incident:read");
  const { db } = ctx;
  const inPeriod = { workspaceId, startedAt: { gte: since } };
  const [statuses, states, open, period, severities, attacks, minutes] = await Promise.all([
    db.node.groupBy({ by: ["status"], where: { workspaceId }, _count: { _all: true } }),
    db.node.count({ where: { workspaceId, detectionState: "ATTACK" } }),
    db.incident.count({ where: { workspaceId, status: "OPEN" } }),
    db.incident.aggregate({
      where: inPeriod,
      _count: { _all: true },
      _max: { peakPps: true, peakBps: true },
    }),
    db.incident.groupBy({ by: ["severity"], where: inPeriod, _count: { _all: true } }),
    db.incident.groupBy({ by: ["attackId"], where: inPeriod, _count: { _all: true } }),
    ctx.database.sql.query<{ minutes: number }>(
      `SELECT count(*)::integer AS minutes FROM node_status_1m s JOIN node n ON n.id = s.node_id
        WHERE n.workspace_id = $1 AND s.bucket >= $2 AND s.attack`,
      [workspaceId, since],
    ),
  ]);
  const count = (status: string) => statuses.find((s) => s.status === status)?._count._all ?? 0;
  return {
    since,
    nodes: statuses.reduce((sum, s) => sum + s._count._all, 0),
    onlineNodes: count("ONLINE"),
    nodesUnderAttack: states,
    openIncidents: open,
    incidents: period._count._all,
    multiNodeAttacks: attacks.filter((a) => a._count._all > 1).length,
    bySeverity: severities.map((s) => ({ severity: s.severity, count: s._count._all })),
    peakPps: period._max.peakPps ?? 0,
    peakBps: period._max.peakBps ?? 0,
    attackMinutes: Number(minutes[0]?.minutes ?? 0),
  };
}
