import { roleCan } from "@levee/shared/auth/permissions";
import type { Metadata } from "next";
import { StatusPageFeedLink } from "@/components/setup/status-page-feed-link";
import { StatusPageSettings } from "@/components/setup/status-page-settings";
import { StatusPageSubscribers } from "@/components/setup/status-page-subscribers";
import { PageHeader } from "@/components/ui/page-header";
import { linkClass } from "@/components/ui/styles";
import { load } from "@/lib/graphql/load";
import {
  StatusPageFeedTokenQuery,
  StatusPageSettingsQuery,
  StatusPageSubscribersQuery,
} from "@/lib/graphql/operations/status-page";
import { loadNodeNames } from "@/lib/nodes/load-node-names";
import { afterOf, loadCursorPage } from "@/lib/routing/cursor-page";

export const metadata: Metadata = { title: "Status page" };

export default async function StatusPageSettingsPage({
  params,
  searchParams,
}: Readonly<{
  params: Promise<{ workspace: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}>) {
  const { workspace: slug } = await params;
  const after = afterOf(await searchParams);
  const { workspace } = await load(StatusPageSettingsQuery, { slug });
  const page = workspace.statusPage;
  const nodeNames = await loadNodeNames(page.nodes.map((n) => n.nodeId));
  const live = page.enabled && page.public;
  const canEdit = roleCan(workspace.viewerRole, "workspace:update");
  // The addresses are personal data: read only by those who may change the page (the API checks it too).
  const here = `/w/${slug}/settings/status-page`;
  const subscribers = canEdit
    ? await loadCursorPage(
        after,
        here,
        async (cursor) =>
          (await load(StatusPageSubscribersQuery, { slug, after: cursor })).workspace.statusPage.subscribers,
        (list) => list.nodes.length === 0,
      )
    : null;
  // The feed link opens the page's data as the password does: read only by those who may change it.
  const feedToken =
    canEdit && page.passwordProtected
      ? (await load(StatusPageFeedTokenQuery, { slug })).workspace.statusPage.feedToken
      : undefined;
  return (
    <>
      <PageHeader
        title="Status page"
        subtitle={
          live ? (
            <a className={linkClass} href={page.path}>
              {page.path}
            </a>
          ) : (
            `${page.path} (not published: visitors get a 404)`
          )
        }
      />
      <StatusPageSettings
        workspaceId={workspace.id}
        settings={page}
        nodeNames={Object.fromEntries(nodeNames)}
        canEdit={canEdit}
      />
      {feedToken !== undefined && (
        <div className="mt-6">
          <StatusPageFeedLink workspaceId={workspace.id} path={page.path} token={feedToken} />
        </div>
      )}
      {subscribers && (
        <div className="mt-6">
          <StatusPageSubscribers subscribers={subscribers} base={here} after={after} />
        </div>
      )}
    </>
  );
}
