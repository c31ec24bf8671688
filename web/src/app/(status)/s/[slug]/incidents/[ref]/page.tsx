// One incident of a workspace's public status page: `/s/<slug>/incidents/<ref>` (`/incidents/<ref>` on the
// workspace's custom domain, rewritten by src/proxy.ts), linked from the page's history, its Atom feed and
// its subscribers' e-mails. `ref` is the incident's public reference (a digest, never its id). Server-rendered
// from the public contract without cookies; an unknown, disabled or private page, and an incident the page
// does not list (another page's, or older than its 7-day history), are one 404. A password-protected
// page's incident is asked for with the visitor's access cookie; without one that opens it, the page's
// password form (which says nothing of the incident, not even whether the page lists it), `noindex`.

import { encodedStatusSlugProblem } from "@levee/shared/slug";
import type { Metadata } from "next";
import { cookies, headers } from "next/headers";
import { notFound } from "next/navigation";
import { StatusIncidentReport } from "@/components/status/status-incident-report";
import { StatusPasswordForm } from "@/components/status/status-password-form";
import { visitorAddress } from "@/lib/http/client-address";
import { familyLabel } from "@/lib/incidents/families";
import { loadStatusIncident } from "@/lib/status/load-status-incident";
import { loadStatusPage } from "@/lib/status/load-status-page";
import { ACCESS_COOKIE, accessProblemOf } from "@/lib/status/page-access";
import { statusBase } from "@/lib/status/status-base";

type Params = Readonly<{
  params: Promise<{ slug: string; ref: string }>;
  searchParams: Promise<{ access?: string | string[] }>;
}>;

async function reportOf(params: Params["params"]) {
  const { slug, ref } = await params;
  if (encodedStatusSlugProblem(slug)) return null;
  const request = await headers();
  const visitor = visitorAddress((name) => request.get(name));
  const access = (await cookies()).get(ACCESS_COOKIE)?.value;
  const { report, lock } = await loadStatusIncident(slug, ref, visitor, access);
  if (report) return { slug, ref, report, lock };
  if (!lock) return null;
  // Locked and no report: the form, unless the proof opens the page (then the page does not list the
  // incident: a 404 like anyone's).
  if (access && (await loadStatusPage(slug, visitor, access)).page) return null;
  return { slug, ref, report, lock };
}

export async function generateMetadata({ params }: Pick<Params, "params">): Promise<Metadata> {
  const found = await reportOf(params);
  if (!found) return { title: "Page not found", robots: { index: false } };
  if (!found.report)
    return { title: { absolute: found.lock?.title ?? "" }, robots: { index: false, follow: false } };
  const { incident, title } = found.report;
  const what = `${familyLabel(incident.family)} on ${incident.nodeName}`;
  const state = incident.endedAt ? "resolved" : "ongoing";
  return {
    // Absolute: the page is the tenant's, and says nothing of the product serving it.
    title: { absolute: `${what} · ${title}` },
    description: `${title}: ${what}, started ${incident.startedAt.slice(0, 16).replace("T", " ")} UTC, ${state}.`,
    alternates: { types: { "application/atom+xml": `${await statusBase(found.slug)}/feed.atom` } },
    // A protected page's incidents are not indexed either.
    ...(found.lock ? { robots: { index: false, follow: false } } : {}),
  };
}

export default async function StatusIncidentPage({ params, searchParams }: Params) {
  const found = await reportOf(params);
  if (!found) notFound();
  const base = await statusBase(found.slug);
  if (!found.report)
    return (
      <StatusPasswordForm
        title={found.lock?.title ?? ""}
        base={base}
        next={`${base}/incidents/${found.ref}`}
        problem={accessProblemOf((await searchParams).access)}
      />
    );
  return <StatusIncidentReport base={base} report={found.report} />;
}
