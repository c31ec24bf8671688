import { cookies } from "next/headers";
import Link from "next/link";
import type { ReactNode } from "react";
import { Brand } from "@/components/shell/brand";
import { LiveIndicator } from "@/components/shell/live-indicator";
import { LogoutButton } from "@/components/shell/logout-button";
import { SchemeToggle } from "@/components/shell/scheme-toggle";
import { SidebarNav } from "@/components/shell/sidebar-nav";
import { WorkspaceSwitcher } from "@/components/shell/workspace-switcher";
import { parseScheme, SCHEME_COOKIE } from "@/lib/theme/scheme";
import { loadWorkspace } from "@/lib/workspaces/current-workspace";

export default async function WorkspaceLayout({
  children,
  params,
}: Readonly<{ children: ReactNode; params: Promise<{ workspace: string }> }>) {
  const { workspace: slug } = await params;
  const [{ me, workspace, workspaces }, jar] = await Promise.all([loadWorkspace(slug), cookies()]);
  const scheme = parseScheme(jar.get(SCHEME_COOKIE)?.value);
  const sidebar = (
    <>
      <WorkspaceSwitcher current={workspace} workspaces={workspaces.edges.map((e) => e.node)} />
      {workspace.parent && (
        <p className="-mt-3 px-1 text-xs text-muted">
          Customer of{" "}
          <a href={`/w/${workspace.parent.slug}`} className="underline">
            {workspace.parent.name}
          </a>
        </p>
      )}
      <SidebarNav slug={workspace.slug} role={workspace.viewerRole ?? null} />
      <div className="mt-auto flex flex-col gap-1 border-t border-muted/20 pt-4">
        <p className="truncate px-2 text-sm font-medium" title={me.email}>
          {me.name}
        </p>
        {/* Not prefetched, as the sidebar's other links (sidebar-nav.tsx). */}
        <Link
          href="/account"
          prefetch={false}
          className="rounded-theme px-2 py-1 text-sm text-muted hover:text-primary"
          title="Your account: change your password"
        >
          Account
        </Link>
        <SchemeToggle initial={scheme} />
        <LogoutButton />
      </div>
    </>
  );
  return (
    <div className="min-h-screen lg:grid lg:grid-cols-[16rem_1fr]">
      <aside className="hidden border-r border-muted/20 bg-surface lg:sticky lg:top-0 lg:flex lg:h-screen lg:flex-col lg:gap-6 lg:overflow-y-auto lg:p-5">
        <Brand href={`/w/${workspace.slug}`} />
        {sidebar}
      </aside>
      <div className="min-w-0">
        <header className="sticky top-0 z-10 flex items-center justify-between gap-3 border-b border-muted/20 bg-background/90 px-4 py-3 backdrop-blur lg:px-8">
          <details className="lg:hidden">
            <summary className="cursor-pointer list-none rounded-theme border border-muted/30 px-3 py-1.5 text-sm font-medium">
              Menu
            </summary>
            <div className="absolute left-0 right-0 top-full flex flex-col gap-6 border-b border-muted/20 bg-surface p-5 shadow-lg">
              {sidebar}
            </div>
          </details>
          <p className="truncate text-sm text-muted">
            <span className="font-medium text-text">{workspace.name}</span>
            <span className="hidden sm:inline"> · /w/{workspace.slug}</span>
          </p>
          <LiveIndicator />
        </header>
        <main className="mx-auto w-full max-w-7xl px-4 py-6 lg:px-8 lg:py-8">{children}</main>
      </div>
    </div>
  );
}
