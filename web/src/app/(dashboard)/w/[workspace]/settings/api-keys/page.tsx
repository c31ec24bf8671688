import { roleCan } from "@levee/shared/auth/permissions";
import type { Metadata } from "next";
import { ApiKeys } from "@/components/setup/api-keys";
import { EmptyState } from "@/components/ui/feedback";
import { PageHeader } from "@/components/ui/page-header";
import { load } from "@/lib/graphql/load";
import { ApiKeysQuery } from "@/lib/graphql/operations/setup";
import { loadWorkspace } from "@/lib/workspaces/current-workspace";

export const metadata: Metadata = { title: "API keys" };

export default async function ApiKeysPage({ params }: Readonly<{ params: Promise<{ workspace: string }> }>) {
  const { workspace: slug } = await params;
  const header = (
    <PageHeader title="API keys" subtitle="Keys for integrations and the agents of this workspace's nodes." />
  );
  // Listing keys needs apikey:read (ANALYST and up): a READONLY member is told so, not shown an error.
  if (!roleCan((await loadWorkspace(slug)).workspace.viewerRole, "apikey:read"))
    return (
      <>
        {header}
        <EmptyState title="Your role does not see API keys">
          Analysts, admins and owners see this workspace's keys; admins and owners create and revoke them.
        </EmptyState>
      </>
    );
  const { workspace } = await load(ApiKeysQuery, { slug });
  return (
    <>
      {header}
      <ApiKeys
        workspaceId={workspace.id}
        keys={workspace.apiKeys.edges.map((e) => e.node)}
        canManage={roleCan(workspace.viewerRole, "apikey:manage")}
      />
    </>
  );
}
