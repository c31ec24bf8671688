import { roleCan } from "@levee/shared/auth/permissions";
import type { Metadata } from "next";
import { BrandingForm } from "@/components/setup/branding-form";
import { CustomDomains } from "@/components/setup/custom-domains";
import { CustomerForm } from "@/components/setup/customer-form";
import { LogoUpload } from "@/components/setup/logo-upload";
import { PageHeader } from "@/components/ui/page-header";
import { load } from "@/lib/graphql/load";
import { BrandingSettingsQuery } from "@/lib/graphql/operations/branding";

export const metadata: Metadata = { title: "Branding and domains" };

export default async function BrandingPage({ params }: Readonly<{ params: Promise<{ workspace: string }> }>) {
  const { workspace: slug } = await params;
  const { workspace, themes } = await load(BrandingSettingsQuery, { slug });
  const canEdit = roleCan(workspace.viewerRole, "workspace:update");
  const inheritsFrom = workspace.parent ? workspace.parent.name : "the deployment's default theme";
  return (
    <>
      <PageHeader
        title="Branding and domains"
        subtitle={`Now: ${workspace.branding.productName} (theme ${workspace.branding.theme})`}
      />
      <div className="grid gap-6 xl:grid-cols-2">
        <BrandingForm
          workspaceId={workspace.id}
          settings={workspace.brandingSettings}
          themes={themes}
          inheritsFrom={inheritsFrom}
          canEdit={canEdit}
        />
        <LogoUpload
          workspaceId={workspace.id}
          ownLogo={workspace.brandingSettings.logo}
          shownLogo={workspace.branding.logo}
          inheritsFrom={inheritsFrom}
          canEdit={canEdit}
        />
        <CustomDomains workspaceId={workspace.id} domains={workspace.customDomains} canEdit={canEdit} />
        {roleCan(workspace.viewerRole, "workspace:create-child") && (
          <CustomerForm parentWorkspaceId={workspace.id} themes={themes} />
        )}
      </div>
    </>
  );
}
