import { roleCan } from "@levee/shared/auth/permissions";
import type { Metadata } from "next";
import Link from "next/link";
import { NodeList } from "@/components/nodes/node-list";
import { PageHeader } from "@/components/ui/page-header";
import { buttonPrimary, linkClass } from "@/components/ui/styles";
import { loadNodeList } from "@/lib/nodes/load-node-list";
import { loadWorkspace } from "@/lib/workspaces/current-workspace";

export const metadata: Metadata = { title: "Nodes" };

type SearchParams = Record<string, string | string[] | undefined>;

export default async function NodesPage({
  params,
  searchParams,
}: Readonly<{ params: Promise<{ workspace: string }>; searchParams: Promise<SearchParams> }>) {
  const [{ workspace: slug }, query] = await Promise.all([params, searchParams]);
  // Pages of 200 (the API's largest) by cursor, as the incident list pages.
  const after = typeof query.after === "string" ? query.after : null;
  const [{ workspaceId, nodes, total, next }, { workspace }] = await Promise.all([
    loadNodeList(slug, after),
    loadWorkspace(slug),
  ]);
  const base = `/w/${slug}/nodes`;
  const canEnrol = roleCan(workspace.viewerRole, "enrollment:manage");
  return (
    <>
      <PageHeader
        title="Nodes"
        subtitle="Every server running the agent, live."
        actions={
          canEnrol && (
            <Link href={`/w/${slug}/setup/enroll`} className={buttonPrimary}>
              Enrol an agent
            </Link>
          )
        }
      />
      <NodeList slug={slug} workspaceId={workspaceId} nodes={nodes} canEnrol={canEnrol} />
      {(next || after) && (
        <nav aria-label="Pages of nodes" className="mt-4 flex flex-wrap items-center gap-4 text-sm">
          <span className="text-muted">
            Showing {nodes.length} of {total} nodes
          </span>
          {after && (
            <Link href={base} className={linkClass}>
              ← First page
            </Link>
          )}
          {next && (
            <Link href={`${base}?${new URLSearchParams({ after: next })}`} className={linkClass}>
              Next page →
            </Link>
          )}
        </nav>
      )}
    </>
  );
}
