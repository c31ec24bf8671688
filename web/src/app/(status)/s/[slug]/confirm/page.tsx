// The link of a status page's confirmation e-mail (`/s/<slug>/confirm?token=`, `/confirm?token=` on the
// workspace's custom domain). It asks before it acts, like the unsubscribe landing: opening the link
// changes nothing (mail scanners open every link), the visitor's button press confirms.

import { encodedStatusSlugProblem } from "@levee/shared/slug";
import type { Metadata } from "next";
import { headers } from "next/headers";
import { notFound } from "next/navigation";
import { ConfirmForm } from "@/components/status/confirm-form";
import { visitorAddress } from "@/lib/http/client-address";
import { loadStatusPage } from "@/lib/status/load-status-page";
import { statusBase } from "@/lib/status/status-base";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: { absolute: "Confirm subscription" }, robots: { index: false } };

type Props = Readonly<{
  params: Promise<{ slug: string }>;
  searchParams: Promise<{ token?: string | string[] }>;
}>;

export default async function ConfirmSubscriptionPage({ params, searchParams }: Props) {
  const { slug } = await params;
  if (encodedStatusSlugProblem(slug)) notFound();
  const { token } = await searchParams;
  const request = await headers();
  // A password-protected page's title is on its lock: the link works from any browser, entered or not.
  const view = await loadStatusPage(
    slug,
    visitorAddress((name) => request.get(name)),
  );
  const page = view.page ?? view.lock;
  if (!page) notFound();
  const base = await statusBase(slug);
  return <ConfirmForm token={typeof token === "string" ? token : ""} title={page.title} back={base || "/"} />;
}
