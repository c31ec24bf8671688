import { roleCan } from "@levee/shared/auth/permissions";
import type { Metadata } from "next";
import { ApiKeys } from "@/components/setup/api-keys";
import { PageHeader } from "@/components/ui/page-header";
import { load } from "@/lib/graphql/load";
import { ApiKeysQuery } from "@/lib/graphql/operations/setup";

export const metadata: Metadata = { title: "API keys" };

export default async function ApiKeysPage({ params }: Readonly<{ params: Promise<{ workspace: string }> }>) {
  const { workspace: slug } = await params;
  const { workspace } = await load(ApiKeysQuery, { slug });
  return (
    <>
      <PageHeader
        title="API keys"
        subtitle="Keys for integrations and the agents of this workspace's nodes."
      />
      <ApiKeys
        workspaceId={workspace.id}
        keys={workspace.apiKeys.edges.map((e) => e.node)}
        canManage={roleCan(workspace.viewerRole, "apikey:manage")}
      />
    </>
  );
}
