import { roleCan } from "@levee/shared/auth/permissions";
import type { Metadata } from "next";
import Link from "next/link";
import { IncidentTable } from "@/components/incidents/incident-table";
import { NodeList } from "@/components/nodes/node-list";
import { CustomerList } from "@/components/shell/customer-list";
import { LiveOverview } from "@/components/shell/live-overview";
import { Card } from "@/components/ui/card";
import { CursorPager } from "@/components/ui/cursor-pager";
import { PageHeader } from "@/components/ui/page-header";
import { linkClass } from "@/components/ui/styles";
import { load } from "@/lib/graphql/load";
import { IncidentsQuery } from "@/lib/graphql/operations/incidents";
import { CustomerWorkspacesQuery, OverviewAnalyticsQuery } from "@/lib/graphql/operations/workspace";
import { loadNodeList } from "@/lib/nodes/load-node-list";
import { afterOf, loadCursorPage } from "@/lib/routing/cursor-page";
import { loadWorkspace } from "@/lib/workspaces/current-workspace";

export const metadata: Metadata = { title: "Overview" };

type SearchParams = Record<string, string | string[] | undefined>;

export default async function OverviewPage({
  params,
  searchParams,
}: Readonly<{ params: Promise<{ workspace: string }>; searchParams: Promise<SearchParams> }>) {
  const [{ workspace: slug }, query] = await Promise.all([params, searchParams]);
  const { workspace } = await loadWorkspace(slug);
  const since = new Date(Date.now() - 86_400_000).toISOString();
  // Before the counts are read: the live counters move them by the incident events after this time.
  const asOf = new Date().toISOString();
  const isMsp = workspace.children.edges.length > 0;
  // An MSP's customers in pages of 50 by cursor (`?after=`), as the Nodes page pages its nodes.
  const base = `/w/${slug}`;
  const after = isMsp ? afterOf(query) : null;
  const customersPage = () =>
    loadCursorPage(
      after,
      base,
      (cursor) => load(CustomerWorkspacesQuery, { slug, after: cursor }),
      (page) => page.workspace.children.edges.length === 0,
    );
  // A cursor is read before the page's other queries: a stale one redirects having spent one query
  // of the viewer's request and cost budget, not a whole page's (which, with the first page loaded
  // again at once, could be refused).
  const customersAfter = after ? await customersPage() : null;
  const [{ workspaceAnalytics: a }, nodes, incidents, customers] = await Promise.all([
    load(OverviewAnalyticsQuery, { workspaceId: workspace.id, since }),
    loadNodeList(slug),
    load(IncidentsQuery, { workspaceId: workspace.id, first: 5 }),
    isMsp ? (customersAfter ?? customersPage()) : null,
  ]);
  const children = customers?.workspace.children;
  return (
    <>
      <PageHeader title="Overview" subtitle="The last 24 hours, live." />
      <LiveOverview
        workspaceId={workspace.id}
        customerIds={children?.edges.map((e) => e.node.id)}
        base={{
          onlineNodes: a.onlineNodes,
          nodesUnderAttack: a.nodesUnderAttack,
          openIncidents: a.openIncidents,
          asOf,
          nodes: Object.fromEntries(
            nodes.nodes.map((n) => [n.id, { status: n.status, detectionState: n.detection.state }]),
          ),
        }}
        nodes={a.nodes}
        incidents={a.incidents}
        peakPps={a.peakPps}
      />
      {children && (
        <div className="mt-6">
          <CustomerList customers={children.edges.map((e) => e.node)}>
            <CursorPager
              label="Pages of customers"
              base={base}
              after={after}
              next={children.pageInfo.hasNextPage ? (children.pageInfo.endCursor ?? null) : null}
              onPage={children.edges.length}
              total={children.totalCount}
            />
          </CustomerList>
        </div>
      )}
      <div className="mt-6 grid gap-6 xl:grid-cols-2">
        <Card
          title="Nodes"
          actions={
            <Link href={`/w/${slug}/nodes`} prefetch={false} className={`${linkClass} text-sm`}>
              All nodes
            </Link>
          }
        >
          <NodeList
            slug={slug}
            workspaceId={workspace.id}
            nodes={nodes.nodes}
            canEnrol={roleCan(workspace.viewerRole, "enrollment:manage")}
            compact
          />
        </Card>
        <Card
          title="Recent incidents"
          actions={
            <Link href={`/w/${slug}/incidents`} prefetch={false} className={`${linkClass} text-sm`}>
              All incidents
            </Link>
          }
        >
          <IncidentTable slug={slug} incidents={incidents.incidents.edges.map((e) => e.node)} compact />
        </Card>
      </div>
    </>
  );
}
