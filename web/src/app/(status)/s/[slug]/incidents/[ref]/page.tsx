// One incident of a workspace's public status page: `/s/<slug>/incidents/<ref>` (`/incidents/<ref>` on the
// workspace's custom domain, rewritten by src/proxy.ts), linked from the page's history, its Atom feed and
// its subscribers' e-mails. `ref` is the incident's public reference (a digest, never its id). Server-rendered
// from the public contract without cookies; an unknown, disabled or private page, and an incident the page
// does not list (another page's, or older than its 7-day history), are one 404.

import { encodedStatusSlugProblem } from "@levee/shared/slug";
import type { Metadata } from "next";
import { headers } from "next/headers";
import { notFound } from "next/navigation";
import { StatusIncidentReport } from "@/components/status/status-incident-report";
import { visitorAddress } from "@/lib/http/client-address";
import { familyLabel } from "@/lib/incidents/families";
import { loadStatusIncident } from "@/lib/status/load-status-incident";
import { statusBase } from "@/lib/status/status-base";

type Params = Readonly<{ params: Promise<{ slug: string; ref: string }> }>;

async function reportOf(params: Params["params"]) {
  const { slug, ref } = await params;
  if (encodedStatusSlugProblem(slug)) return null;
  const request = await headers();
  const report = await loadStatusIncident(
    slug,
    ref,
    visitorAddress((name) => request.get(name)),
  );
  return report && { slug, report };
}

export async function generateMetadata({ params }: Params): Promise<Metadata> {
  const found = await reportOf(params);
  if (!found) return { title: "Page not found", robots: { index: false } };
  const { incident, title } = found.report;
  const what = `${familyLabel(incident.family)} on ${incident.nodeName}`;
  const state = incident.endedAt ? "resolved" : "ongoing";
  return {
    // Absolute: the page is the tenant's, and says nothing of the product serving it.
    title: { absolute: `${what} · ${title}` },
    description: `${title}: ${what}, started ${incident.startedAt.slice(0, 16).replace("T", " ")} UTC, ${state}.`,
    alternates: { types: { "application/atom+xml": `${await statusBase(found.slug)}/feed.atom` } },
  };
}

export default async function StatusIncidentPage({ params }: Params) {
  const found = await reportOf(params);
  if (!found) notFound();
  return <StatusIncidentReport base={await statusBase(found.slug)} report={found.report} />;
}
