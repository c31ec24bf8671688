// CSV of the incident list with the page's filters (every page of it, up to 5,000 incidents).
import { parseIncidentFilters } from "@/lib/incidents/incident-filters";
import { incidentsCsv } from "@/lib/incidents/incidents-csv";
import { loadIncidents } from "@/lib/incidents/load-incidents";
import { loadWorkspace } from "@/lib/workspaces/current-workspace";

const MAX_ROWS = 5000;

export async function GET(request: Request, { params }: { params: Promise<{ workspace: string }> }) {
  const { workspace: slug } = await params;
  const { workspace } = await loadWorkspace(slug);
  const filters = parseIncidentFilters(Object.fromEntries(new URL(request.url).searchParams));
  const rows = [];
  let after: string | null = null;
  do {
    const page = await loadIncidents(workspace.id, filters, after, 500);
    rows.push(...page.rows);
    after = page.next;
  } while (after && rows.length < MAX_ROWS);
  const day = new Date().toISOString().slice(0, 10);
  return new Response(incidentsCsv(rows.slice(0, MAX_ROWS)), {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="levee-incidents-${workspace.slug}-${day}.csv"`,
      "cache-control": "no-store",
    },
  });
}
