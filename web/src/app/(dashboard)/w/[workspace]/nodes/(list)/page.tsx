import { roleCan } from "@levee/shared/auth/permissions";
import type { Metadata } from "next";
import Link from "next/link";
import { NodeList } from "@/components/nodes/node-list";
import { PageHeader } from "@/components/ui/page-header";
import { buttonPrimary } from "@/components/ui/styles";
import { loadNodeList } from "@/lib/nodes/load-node-list";
import { loadWorkspace } from "@/lib/workspaces/current-workspace";

export const metadata: Metadata = { title: "Nodes" };

export default async function NodesPage({ params }: Readonly<{ params: Promise<{ workspace: string }> }>) {
  const { workspace: slug } = await params;
  const [{ workspaceId, nodes }, { workspace }] = await Promise.all([
    loadNodeList(slug),
    loadWorkspace(slug),
  ]);
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
    </>
  );
}
