import { Prisma } from "../generated/prisma/client.ts";
import { idOf } from "../global-id.ts";

export interface IncidentFilterArgs {
  status?: "OPEN" | "RESOLVED" | null;
  severities?: ("LOW" | "MEDIUM" | "HIGH" | "CRITICAL")[] | null;
  nodeId?: string | null;
  since?: Date | null;
  until?: Date | null;
  families?: string[] | null;
  unclassified?: boolean | null;
}

/** Family lives in the classification JSON ({ family, … }); no classification yet is "unclassified". */
function familyWhere(filter: IncidentFilterArgs): Prisma.IncidentWhereInput {
  const anyOf: Prisma.IncidentWhereInput[] = (filter.families ?? []).map((family) => ({
    classification: { path: ["family"], equals: family },
  }));
  if (filter.unclassified) anyOf.push({ classification: { equals: Prisma.DbNull } });
  return anyOf.length > 0 ? { OR: anyOf } : {};
}

/** The incidents connection's filter as a Prisma where clause (always within one workspace). */
export function incidentFilter(workspaceId: string, filter: IncidentFilterArgs): Prisma.IncidentWhereInput {
  return {
    workspaceId,
    ...familyWhere(filter),
    ...(filter.status ? { status: filter.status } : {}),
    ...(filter.severities?.length ? { severity: { in: filter.severities } } : {}),
    ...(filter.nodeId ? { nodeId: idOf(filter.nodeId, "MonitoredNode", "filter.nodeId") } : {}),
    ...(filter.since || filter.until
      ? {
          startedAt: {
            ...(filter.since ? { gte: filter.since } : {}),
            ...(filter.until ? { lt: filter.until } : {}),
          },
        }
      : {}),
  };
}
