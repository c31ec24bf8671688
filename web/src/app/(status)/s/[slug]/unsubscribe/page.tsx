// The unsubscribe link of a status page's e-mails (`/s/<slug>/unsubscribe?token=`, `/unsubscribe?token=` on
// the workspace's custom domain). It asks before it acts: a link scanner's GET changes nothing. Mail clients'
// one-click unsubscribe (RFC 8058) POSTs to ./unsubscribe/one-click instead. It works whatever the page's
// state now (unpublished, private): an address can always leave.

import { encodedStatusSlugProblem } from "@levee/shared/slug";
import type { Metadata } from "next";
import { headers } from "next/headers";
import { notFound } from "next/navigation";
import { UnsubscribeForm } from "@/components/status/unsubscribe-form";
import { visitorAddress } from "@/lib/http/client-address";
import { loadStatusPage } from "@/lib/status/load-status-page";
import { statusBase } from "@/lib/status/status-base";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: { absolute: "Unsubscribe" }, robots: { index: false } };

type Props = Readonly<{
  params: Promise<{ slug: string }>;
  searchParams: Promise<{ token?: string | string[] }>;
}>;

export default async function UnsubscribePage({ params, searchParams }: Props) {
  const { slug } = await params;
  if (encodedStatusSlugProblem(slug)) notFound();
  const { token } = await searchParams;
  const request = await headers();
  // A password-protected page's title is on its lock (an e-mail's link works without the page's cookie).
  const page = await loadStatusPage(
    slug,
    visitorAddress((name) => request.get(name)),
  )
    .then((view) => view.page ?? view.lock)
    .catch(() => null);
  const base = await statusBase(slug);
  return (
    <UnsubscribeForm
      token={typeof token === "string" ? token : ""}
      title={page?.title ?? "Status updates"}
      back={page ? base || "/" : null}
    />
  );
}
