// The dashboard's home for the current request (server components): the I/O half of
// sign-in-gate.ts dashboardHomePath — which workspace, if any, the request's host is a custom domain of.
import { headers } from "next/headers";
import { domainSlug } from "@/lib/branding/domain-routes";
import { hostnameOf, ownHosts, visibleHost } from "@/lib/branding/host-routing";

const own = ownHosts();

/** The slug of the workspace whose verified custom domain the request came to; null on our own hosts. */
export async function customDomainSlugOfRequest(): Promise<string | null> {
  const request = await headers();
  const host = hostnameOf(visibleHost((name) => request.get(name)));
  if (own.has(host)) return null;
  // The proxy answered this host already; a look-up failing now only costs the better default.
  return domainSlug(host).catch(() => null);
}
