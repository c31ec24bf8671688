// The link of a status page's confirmation e-mail (`/s/<slug>/confirm?token=`, `/confirm?token=` on the
// workspace's custom domain): opening it confirms the subscription (the visitor asked for it; the link
// says so), then says so in the page's look, with a way back to the page.

import { encodedStatusSlugProblem } from "@levee/shared/slug";
import type { Metadata } from "next";
import { headers } from "next/headers";
import { notFound } from "next/navigation";
import { StatusMessage } from "@/components/status/status-message";
import { visitorAddress } from "@/lib/http/client-address";
import { loadStatusPage } from "@/lib/status/load-status-page";
import { statusBase } from "@/lib/status/status-base";
import { confirmSubscription } from "@/lib/status/subscription";

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
  const visitor = visitorAddress((name) => request.get(name));
  const page = await loadStatusPage(slug, visitor);
  if (!page) notFound();
  const base = await statusBase(slug);
  const outcome = typeof token === "string" && token ? await confirmSubscription(token, visitor) : "invalid";
  return outcome === "confirmed" ? (
    <StatusMessage title={page.title} heading="Subscription confirmed" back={base || "/"}>
      You will get an e-mail when an incident starts or ends on {page.title} and when maintenance is
      scheduled. Every e-mail has a link to unsubscribe.
    </StatusMessage>
  ) : (
    <StatusMessage title={page.title} heading="This link does not work" back={base || "/"} failed>
      The confirmation link is invalid, was already used, or is more than 48 hours old. Subscribe again on the
      status page to get a new one.
    </StatusMessage>
  );
}
