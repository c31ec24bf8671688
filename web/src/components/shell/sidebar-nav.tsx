"use client";

import { type Permission, roleCan } from "@levee/shared/auth/permissions";
import Link from "next/link";
import { usePathname } from "next/navigation";
import type { Role } from "@/lib/graphql/generated/graphql";

const SECTIONS: { title: string; items: { href: string; label: string; needs?: Permission }[] }[] = [
  {
    title: "Monitor",
    items: [
      { href: "", label: "Overview" },
      { href: "/nodes", label: "Nodes" },
      { href: "/incidents", label: "Incidents" },
      { href: "/alerts", label: "Alerts" },
    ],
  },
  {
    title: "Mitigation",
    items: [
      { href: "/mitigation", label: "Firewall" },
      { href: "/network", label: "BGP & scrubbing" },
    ],
  },
  {
    title: "Setup",
    items: [
      { href: "/setup/enroll", label: "Enrol an agent", needs: "enrollment:manage" },
      { href: "/settings/api-keys", label: "API keys", needs: "apikey:read" },
      { href: "/settings/members", label: "Members" },
      { href: "/settings/status-page", label: "Status page" },
      { href: "/settings", label: "Settings" },
      { href: "/settings/branding", label: "Branding and domains" },
      { href: "/audit", label: "Audit log" },
    ],
  },
];

/**
 * A page whose use needs a permission (`needs`) is listed only for a role holding it; anyone may still
 * open it by address and is told what their role lacks.
 */
export function SidebarNav({ slug, role }: Readonly<{ slug: string; role: Role | null }>) {
  const pathname = usePathname();
  const base = `/w/${slug}`;
  const isCurrent = (href: string) =>
    href === "" || href === "/settings" ? pathname === base + href : pathname.startsWith(base + href);
  return (
    <nav aria-label="Workspace" className="flex flex-col gap-5">
      {SECTIONS.map((section) => (
        <div key={section.title}>
          <p className="px-3 pb-1 text-xs font-semibold uppercase tracking-wide text-muted">
            {section.title}
          </p>
          <ul className="flex flex-col gap-0.5">
            {section.items
              .filter((item) => !item.needs || roleCan(role, item.needs))
              .map((item) => (
                <li key={item.href}>
                  {/* Not prefetched: a prefetch renders its page on the server (queries to the API), and this
                      list's on every page load used most of the caller's request rate before the page asked. */}
                  <Link
                    href={base + item.href}
                    prefetch={false}
                    aria-current={isCurrent(item.href) ? "page" : undefined}
                    className="block rounded-theme px-3 py-1.5 text-sm text-text hover:bg-primary/10 aria-[current=page]:bg-primary/10 aria-[current=page]:font-semibold aria-[current=page]:text-primary"
                  >
                    {item.label}
                  </Link>
                </li>
              ))}
          </ul>
        </div>
      ))}
    </nav>
  );
}
