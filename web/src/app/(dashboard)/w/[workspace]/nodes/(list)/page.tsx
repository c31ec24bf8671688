import { roleCan } from "@levee/shared/auth/permissions";
import type { Metadata } from "next";
import Link from "next/link";
import { NodeList } from "@/components/nodes/node-list";
import { CursorPager } from "@/components/ui/cursor-pager";
import { EmptyState } from "@/components/ui/feedback";
import { Field } from "@/components/ui/field";
import { PageHeader } from "@/components/ui/page-header";
import { buttonPrimary, buttonSecondary, linkClass } from "@/components/ui/styles";
import { loadNodeList } from "@/lib/nodes/load-node-list";
import { afterOf, loadCursorPage } from "@/lib/routing/cursor-page";
import { loadWorkspace } from "@/lib/workspaces/current-workspace";

export const metadata: Metadata = { title: "Nodes" };

type SearchParams = Record<string, string | string[] | undefined>;

/** The API's bound on a search (a hostname's longest). */
const MAX_SEARCH = 253;

export default async function NodesPage({
  params,
  searchParams,
}: Readonly<{ params: Promise<{ workspace: string }>; searchParams: Promise<SearchParams> }>) {
  const [{ workspace: slug }, query] = await Promise.all([params, searchParams]);
  // Pages of 200 (the API's largest) by cursor, as the incident list pages; of every node or of a search's.
  const after = afterOf(query);
  const search = typeof query.search === "string" ? query.search.trim().slice(0, MAX_SEARCH) : "";
  const keep = new URLSearchParams(search ? { search } : {});
  const base = `/w/${slug}/nodes`;
  const [list, { workspace }] = await Promise.all([
    loadCursorPage(
      after,
      search ? `${base}?${keep}` : base,
      (cursor) => loadNodeList(slug, cursor, search || null),
      (page) => page.nodes.length === 0,
    ),
    loadWorkspace(slug),
  ]);
  const { workspaceId, nodes, total, next } = list;
  const canEnrol = roleCan(workspace.viewerRole, "enrollment:manage");
  return (
    <>
      <PageHeader
        title="Nodes"
        subtitle="Every server running the agent, live."
        actions={
          canEnrol && (
            <Link href={`/w/${slug}/setup/enroll`} prefetch={false} className={buttonPrimary}>
              Enrol an agent
            </Link>
          )
        }
      />
      <search className="mb-4">
        <form action={base} method="get" className="flex flex-wrap items-end gap-3">
          <div className="w-full max-w-sm">
            <Field
              id="node-search"
              label="Search nodes"
              name="search"
              type="search"
              maxLength={MAX_SEARCH}
              defaultValue={search}
              placeholder="Name or hostname"
            />
          </div>
          <button type="submit" className={buttonSecondary}>
            Search
          </button>
          {search && (
            <Link href={base} prefetch={false} className={`${linkClass} pb-2 text-sm`}>
              Show every node
            </Link>
          )}
        </form>
      </search>
      {search && nodes.length === 0 ? (
        <EmptyState title={`No node's name or hostname holds “${search}”`} />
      ) : (
        <NodeList slug={slug} workspaceId={workspaceId} nodes={nodes} canEnrol={canEnrol} />
      )}
      <CursorPager
        label="Pages of nodes"
        base={base}
        keep={keep}
        after={after}
        next={next}
        onPage={nodes.length}
        // The workspace's count is of every node: a search's matches are not counted.
        total={search ? undefined : total}
      />
    </>
  );
}
