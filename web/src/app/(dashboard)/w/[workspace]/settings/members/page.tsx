import { roleCan } from "@levee/shared/auth/permissions";
import type { Metadata } from "next";
import { Members } from "@/components/setup/members";
import { PageHeader } from "@/components/ui/page-header";
import { load } from "@/lib/graphql/load";
import { MembersQuery } from "@/lib/graphql/operations/setup";
import { loadWorkspace } from "@/lib/workspaces/current-workspace";

export const metadata: Metadata = { title: "Members" };

export default async function MembersPage({ params }: Readonly<{ params: Promise<{ workspace: string }> }>) {
  const { workspace: slug } = await params;
  // The frame's query (cached for this request) has the role; the invitations are asked for only with it.
  const canManage = roleCan((await loadWorkspace(slug)).workspace.viewerRole, "member:manage");
  const { me, workspace } = await load(MembersQuery, { slug, withInvitations: canManage });
  return (
    <>
      <PageHeader
        title="Members and roles"
        subtitle="Owner > Admin > Analyst > Read-only. Roles on an MSP workspace carry to its customers."
      />
      <Members
        workspaceId={workspace.id}
        viewerId={me?.id ?? ""}
        members={workspace.members.edges.map((e) => e.node)}
        invitations={workspace.pendingInvitations ?? []}
        canManage={canManage}
        viewerRole={workspace.viewerRole ?? null}
      />
    </>
  );
}
