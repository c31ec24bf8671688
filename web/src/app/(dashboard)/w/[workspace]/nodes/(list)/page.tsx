import { roleCan } from "@levee/shared/auth/permissions";
import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
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
  const after = typeof query.after === "string" && query.after !== "" ? query.after : null;
  const base = `/w/${slug}/nodes`;
  const [list, { workspace }] = await Promise.all([
    // A cursor the API refuses (edited, or of another workspace) starts the list over.
    loadNodeList(slug, after).catch((error: unknown) => (after ? null : Promise.reject(error))),
    loadWorkspace(slug),
  ]);
  // Its node deleted meanwhile, a cursor reads as an empty page: start over rather than "No nodes yet".
  if (!list || (after && list.nodes.length === 0)) redirect(base);
  const { workspaceId, nodes, total, next } = list;
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
            {nodes.length} on this page, {total} in all
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
