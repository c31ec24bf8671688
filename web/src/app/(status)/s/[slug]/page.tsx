// A workspace's public status page: server-rendered from the public contract (no cookies forwarded,
// so every visitor gets the same page; the data is cached a second, see load-status-page.ts), then
// kept live by StatusView polling status.json. Unknown, disabled and private pages are one 404. On a
// custom domain the page lives at `/` (src/proxy.ts rewrites it), so its JSON and feed are `/status.json`
// and `/feed.atom` there.

import { encodedStatusSlugProblem } from "@levee/shared/slug";
import type { Metadata } from "next";
import { headers } from "next/headers";
import { notFound } from "next/navigation";
import { StatusView } from "@/components/status/status-view";
import { visitorAddress } from "@/lib/http/client-address";
import { loadStatusPage } from "@/lib/status/load-status-page";
import { statusBase } from "@/lib/status/status-base";

type Params = Readonly<{ params: Promise<{ slug: string }> }>;

async function pageOf(params: Params["params"]) {
  const { slug } = await params;
  if (encodedStatusSlugProblem(slug)) return null;
  const request = await headers();
  const page = await loadStatusPage(
    slug,
    visitorAddress((name) => request.get(name)),
  );
  return page && { slug, page };
}

export async function generateMetadata({ params }: Params): Promise<Metadata> {
  const found = await pageOf(params);
  if (!found) return { title: "Page not found", robots: { index: false } };
  return {
    // Absolute: the page is the tenant's, and says nothing of the product serving it.
    title: { absolute: found.page.title },
    description: found.page.description || `Live status of ${found.page.title}`,
    alternates: { types: { "application/atom+xml": `${await statusBase(found.slug)}/feed.atom` } },
  };
}

export default async function StatusPage({ params }: Params) {
  const found = await pageOf(params);
  if (!found) notFound();
  return <StatusView base={await statusBase(found.slug)} initial={found.page} />;
}
