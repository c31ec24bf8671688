import { roleCan } from "@levee/shared/auth/permissions";
import type { Metadata } from "next";
import { EnrollAgent } from "@/components/setup/enroll-agent";
import { PageHeader } from "@/components/ui/page-header";
import { loadWorkspace } from "@/lib/workspaces/current-workspace";

export const metadata: Metadata = { title: "Enrol an agent" };

export default async function EnrollPage({ params }: Readonly<{ params: Promise<{ workspace: string }> }>) {
  const { workspace: slug } = await params;
  const { workspace } = await loadWorkspace(slug);
  return (
    <>
      <PageHeader
        title="Enrol an agent"
        subtitle="The agent samples a server's traffic every second and captures packets during attacks."
      />
      <EnrollAgent
        workspaceId={workspace.id}
        slug={workspace.slug}
        canCreateToken={roleCan(workspace.viewerRole, "enrollment:manage")}
      />
    </>
  );
}
