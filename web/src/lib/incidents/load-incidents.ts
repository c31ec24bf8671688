// The filtered incident list, shared by the page and its CSV export; every filter is applied by the API.
import { load } from "@/lib/graphql/load";
import { IncidentsQuery } from "@/lib/graphql/operations/incidents";
import { apiFilter, type IncidentListFilters } from "./incident-filters";

export const PAGE_SIZE = 100;

export async function loadIncidents(
  workspaceId: string,
  filters: IncidentListFilters,
  after: string | null,
  first = PAGE_SIZE,
) {
  const { incidents } = await load(IncidentsQuery, { workspaceId, filter: apiFilter(filters), first, after });
  return {
    rows: incidents.edges.map((e) => e.node),
    next: incidents.pageInfo.hasNextPage ? (incidents.pageInfo.endCursor ?? null) : null,
  };
}
