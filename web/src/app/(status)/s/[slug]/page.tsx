// A workspace's public status page: server-rendered from the public contract (no cookies forwarded,
// so every visitor gets the same page; the data is cached a second, see load-status-page.ts), then
// kept live by StatusView polling status.json. Unknown, disabled and private pages are one 404. On a
// custom domain the page lives at `/` (src/proxy.ts rewrites it), so its JSON and feed are `/status.json`
// and `/feed.atom` there. A password-protected page is asked for with the visitor's access cookie (the
// only cookie read: lib/status/page-access.ts); without one that opens it, the page's password form
// (its title, nothing else). Either is `noindex`.

import { encodedStatusSlugProblem } from "@levee/shared/slug";
import type { Metadata } from "next";
import { cookies, headers } from "next/headers";
import { notFound } from "next/navigation";
import { StatusPasswordForm } from "@/components/status/status-password-form";
import { StatusView } from "@/components/status/status-view";
import { visitorAddress } from "@/lib/http/client-address";
import { loadStatusPage } from "@/lib/status/load-status-page";
import { ACCESS_COOKIE, accessProblemOf } from "@/lib/status/page-access";
import { statusBase } from "@/lib/status/status-base";

type Params = Readonly<{
  params: Promise<{ slug: string }>;
  searchParams: Promise<{ access?: string | string[] }>;
}>;

async function pageOf(params: Params["params"]) {
  const { slug } = await params;
  if (encodedStatusSlugProblem(slug)) return null;
  const request = await headers();
  const access = (await cookies()).get(ACCESS_COOKIE)?.value;
  const view = await loadStatusPage(
    slug,
    visitorAddress((name) => request.get(name)),
    access,
  );
  return view.page || view.lock ? { slug, ...view } : null;
}

export async function generateMetadata({ params }: Pick<Params, "params">): Promise<Metadata> {
  const found = await pageOf(params);
  if (!found) return { title: "Page not found", robots: { index: false } };
  if (!found.page)
    return { title: { absolute: found.lock?.title ?? "" }, robots: { index: false, follow: false } };
  return {
    // Absolute: the page is the tenant's, and says nothing of the product serving it.
    title: { absolute: found.page.title },
    description: found.page.description || `Live status of ${found.page.title}`,
    alternates: { types: { "application/atom+xml": `${await statusBase(found.slug)}/feed.atom` } },
    ...(found.page.passwordProtected ? { robots: { index: false, follow: false } } : {}),
  };
}

export default async function StatusPage({ params, searchParams }: Params) {
  const found = await pageOf(params);
  if (!found) notFound();
  const base = await statusBase(found.slug);
  if (!found.page)
    return (
      <StatusPasswordForm
        title={found.lock?.title ?? ""}
        base={base}
        next={base || "/"}
        problem={accessProblemOf((await searchParams).access)}
      />
    );
  return <StatusView base={base} initial={found.page} />;
}
