import type { Metadata } from "next";
import Link from "next/link";
import { IncidentFilterForm } from "@/components/incidents/incident-filter-form";
import { IncidentTable } from "@/components/incidents/incident-table";
import { LiveRefresh } from "@/components/shell/live-refresh";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { buttonSecondary, linkClass } from "@/components/ui/styles";
import { parseIncidentFilters } from "@/lib/incidents/incident-filters";
import { loadIncidents } from "@/lib/incidents/load-incidents";
import { loadNodeNames } from "@/lib/nodes/load-node-names";
import { loadWorkspace } from "@/lib/workspaces/current-workspace";

export const metadata: Metadata = { title: "Incidents" };

type SearchParams = Record<string, string | string[] | undefined>;

export default async function IncidentsPage({
  params,
  searchParams,
}: Readonly<{ params: Promise<{ workspace: string }>; searchParams: Promise<SearchParams> }>) {
  const [{ workspace: slug }, query] = await Promise.all([params, searchParams]);
  const filters = parseIncidentFilters(query);
  const after = typeof query.after === "string" ? query.after : null;
  const { workspace } = await loadWorkspace(slug);
  const [{ rows, next }, nodeNames] = await Promise.all([
    loadIncidents(workspace.id, filters, after),
    loadNodeNames(filters.nodeId ? [filters.nodeId] : []),
  ]);
  const base = `/w/${slug}/incidents`;
  const search = new URLSearchParams(
    Object.entries(query).filter((e): e is [string, string] => typeof e[1] === "string" && e[0] !== "after"),
  );
  return (
    <>
      <LiveRefresh workspaceId={workspace.id} />
      <PageHeader
        title="Incidents"
        subtitle="Every time a node's traffic crossed its threshold, newest first."
        actions={
          <a href={`${base}/export.csv?${search}`} download className={buttonSecondary}>
            Export CSV
          </a>
        }
      />
      <Card className="mb-6">
        <IncidentFilterForm
          action={base}
          filters={filters}
          workspaceId={workspace.id}
          nodeName={filters.nodeId ? nodeNames.get(filters.nodeId) : undefined}
        />
      </Card>
      <Card>
        <IncidentTable slug={slug} incidents={rows} />
        {(next || after) && (
          <div className="mt-4 flex gap-4 text-sm">
            {after && (
              <Link href={`${base}?${search}`} className={linkClass}>
                ← Newest
              </Link>
            )}
            {next && (
              <Link
                href={`${base}?${new URLSearchParams([...search, ["after", next]])}`}
                className={linkClass}
              >
                Older →
              </Link>
            )}
          </div>
        )}
      </Card>
    </>
  );
}
