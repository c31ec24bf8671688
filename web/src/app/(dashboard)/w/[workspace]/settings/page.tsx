import { roleCan } from "@levee/shared/auth/permissions";
import type { Metadata } from "next";
import { WorkspaceSettings } from "@/components/setup/workspace-settings";
import { PageHeader } from "@/components/ui/page-header";
import { load } from "@/lib/graphql/load";
import { WorkspaceSettingsQuery } from "@/lib/graphql/operations/workspace";

export const metadata: Metadata = { title: "Settings" };

export default async function SettingsPage({ params }: Readonly<{ params: Promise<{ workspace: string }> }>) {
  const { workspace: slug } = await params;
  const { workspace } = await load(WorkspaceSettingsQuery, { slug });
  return (
    <>
      <PageHeader title="Settings" subtitle={`/w/${workspace.slug}`} />
      <WorkspaceSettings
        workspace={workspace}
        multipliers={workspace.detectionMultipliers}
        newNodeMultiplier={workspace.defaultDetectionMultiplier}
        canEdit={roleCan(workspace.viewerRole, "workspace:update")}
        canTune={roleCan(workspace.viewerRole, "node:update")}
        mayOverride={roleCan(workspace.viewerRole, "detection:override")}
      />
    </>
  );
}
