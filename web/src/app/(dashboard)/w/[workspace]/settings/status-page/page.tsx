import { roleCan } from "@levee/shared/auth/permissions";
import type { Metadata } from "next";
import { StatusPageSettings } from "@/components/setup/status-page-settings";
import { PageHeader } from "@/components/ui/page-header";
import { linkClass } from "@/components/ui/styles";
import { load } from "@/lib/graphql/load";
import { StatusPageSettingsQuery } from "@/lib/graphql/operations/status-page";
import { loadNodeNames } from "@/lib/nodes/load-node-names";

export const metadata: Metadata = { title: "Status page" };

export default async function StatusPageSettingsPage({
  params,
}: Readonly<{ params: Promise<{ workspace: string }> }>) {
  const { workspace: slug } = await params;
  const { workspace } = await load(StatusPageSettingsQuery, { slug });
  const page = workspace.statusPage;
  const nodeNames = await loadNodeNames(page.nodes.map((n) => n.nodeId));
  const live = page.enabled && page.public;
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
        canEdit={roleCan(workspace.viewerRole, "workspace:update")}
      />
    </>
  );
}
