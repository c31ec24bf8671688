import type { Metadata } from "next";
import Link from "next/link";
import { NodeList } from "@/components/nodes/node-list";
import { PageHeader } from "@/components/ui/page-header";
import { buttonPrimary } from "@/components/ui/styles";
import { load } from "@/lib/graphql/load";
import { NodesQuery } from "@/lib/graphql/operations/nodes";

export const metadata: Metadata = { title: "Nodes" };

export default async function NodesPage({ params }: Readonly<{ params: Promise<{ workspace: string }> }>) {
  const { workspace: slug } = await params;
  const from = new Date(Date.now() - 120_000).toISOString();
  const { workspace } = await load(NodesQuery, { slug, from });
  return (
    <>
      <PageHeader
        title="Nodes"
        subtitle="Every server running levee-agent, live."
        actions={
          <Link href={`/w/${slug}/setup/enroll`} className={buttonPrimary}>
            Enrol an agent
          </Link>
        }
      />
      <NodeList slug={slug} workspaceId={workspace.id} nodes={workspace.nodes.edges.map((e) => e.node)} />
    </>
  );
}
