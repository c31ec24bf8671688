// The filtered incident list, shared by the page and its CSV export: API filters, then the family filter.
import { load } from "@/lib/graphql/load";
import { IncidentsQuery } from "@/lib/graphql/operations/incidents";
import { apiFilter, type IncidentListFilters, matchesFamily } from "./incident-filters";

export const PAGE_SIZE = 100;

export async function loadIncidents(
  workspaceId: string,
  filters: IncidentListFilters,
  after: string | null,
  first = PAGE_SIZE,
) {
  const { incidents } = await load(IncidentsQuery, { workspaceId, filter: apiFilter(filters), first, after });
  return {
    rows: incidents.edges.map((e) => e.node).filter((i) => matchesFamily(filters, i.classification?.family)),
    next: incidents.pageInfo.hasNextPage ? (incidents.pageInfo.endCursor ?? null) : null,
  };
}
