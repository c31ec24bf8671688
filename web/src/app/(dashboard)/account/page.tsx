import type { Metadata } from "next";
import Link from "next/link";
import { ChangePasswordForm } from "@/components/forms/change-password-form";
import { ProfileForm } from "@/components/forms/profile-form";
import { Brand } from "@/components/shell/brand";
import { LogoutButton } from "@/components/shell/logout-button";
import { PageHeader } from "@/components/ui/page-header";
import { linkClass } from "@/components/ui/styles";
import { load, redirectToSignIn } from "@/lib/graphql/load";
import { ViewerQuery } from "@/lib/graphql/operations/session";
import { customDomainSlugOfRequest } from "@/lib/routing/dashboard-home";
import { dashboardHomePath } from "@/lib/routing/sign-in-gate";

export const metadata: Metadata = { title: "Your account" };

/** The signed-in user's own settings (not a workspace's): the display name and the password. */
export default async function AccountPage() {
  const [{ me }, customDomainSlug] = await Promise.all([load(ViewerQuery), customDomainSlugOfRequest()]);
  if (!me) return redirectToSignIn();
  return (
    <div className="min-h-screen">
      <header className="flex items-center justify-between gap-3 border-b border-muted/20 bg-surface px-4 py-3 lg:px-8">
        <Brand />
        <LogoutButton />
      </header>
      <main className="mx-auto flex w-full max-w-xl flex-col gap-6 px-4 py-6 lg:py-8">
        <Link href={dashboardHomePath(customDomainSlug)} className={`${linkClass} text-sm`}>
          ← Back to the dashboard
        </Link>
        <PageHeader title="Your account" subtitle={`${me.name} · ${me.email}`} />
        <ProfileForm name={me.name} />
        <ChangePasswordForm />
      </main>
    </div>
  );
}
