import { roleCan } from "@levee/shared/auth/permissions";
import type { Metadata } from "next";
import { Members } from "@/components/setup/members";
import { PageHeader } from "@/components/ui/page-header";
import { load } from "@/lib/graphql/load";
import { MembersQuery } from "@/lib/graphql/operations/setup";

export const metadata: Metadata = { title: "Members" };

export default async function MembersPage({ params }: Readonly<{ params: Promise<{ workspace: string }> }>) {
  const { workspace: slug } = await params;
  const { me, workspace } = await load(MembersQuery, { slug });
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
        invitations={workspace.pendingInvitations}
        canManage={roleCan(workspace.viewerRole, "member:manage")}
        viewerRole={workspace.viewerRole ?? null}
      />
    </>
  );
}
