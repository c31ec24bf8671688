// The look of the current request, from the brand key src/proxy.ts put on it: a signed-in dashboard page
// asks for its workspace's branding with the viewer's session; a status page or a custom domain asks the
// public reads (cached a few seconds: they are the same for every visitor); everything else gets the
// deployment default. Any failure falls back (default, then neutral) rather than failing the page.
import { headers } from "next/headers";
import { cache } from "react";
import {
  CustomDomainRouteQuery,
  PublicBrandingQuery,
  WorkspaceBrandingQuery,
} from "@/lib/graphql/operations/branding";
import { apiGraphqlUrl, type Operation, postGraphQL } from "@/lib/graphql/request";
import { serverFetch } from "@/lib/graphql/server-fetch";
import { type Branding, NEUTRAL_BRANDING } from "./branding";
import { BRAND_HEADER, decodeBrandKey, hostnameOf, ownHosts } from "./host-routing";
import { TtlCache } from "./ttl-cache";

const publicLooks = new TtlCache<Branding | null>(5_000);
const own = ownHosts();

async function publicQuery<TData, TVariables>(document: Operation<TData, TVariables>, variables: TVariables) {
  const { data, errors } = await postGraphQL(apiGraphqlUrl(), document, variables, {
    cache: "no-store",
    timeoutMs: 5_000,
  });
  if (errors.length > 0 || !data) throw new Error(errors.map((e) => e.message).join("; ") || "no data");
  return data;
}

const publicBranding = (slug: string | null) =>
  publicLooks.get(`slug:${slug ?? ""}`, async () => {
    const data = await publicQuery(PublicBrandingQuery, { slug });
    return data.publicBranding;
  });

const hostBranding = (host: string) =>
  publicLooks.get(`host:${host}`, async () => {
    const data = await publicQuery(CustomDomainRouteQuery, { host });
    return data.customDomainRoute?.branding ?? null;
  });

async function workspaceBranding(slug: string): Promise<Branding | null> {
  const { data } = await serverFetch(WorkspaceBrandingQuery, { slug });
  return data?.workspace?.branding ?? null;
}

/** Memoised per request: the root layout, its metadata and the header share one answer. */
export const getBranding = cache(async (): Promise<Branding> => {
  const request = await headers();
  // Next renders a rewritten path's 404 without the proxy's request headers (and may hand it on with its
  // own address as Host): the original host still says whose page it is. Only a public look is chosen by
  // it, and a host that is not a verified custom domain gets the neutral one.
  const host = hostnameOf(request.get("x-forwarded-host") ?? request.get("host"));
  const key = request.has(BRAND_HEADER)
    ? decodeBrandKey(request.get(BRAND_HEADER))
    : own.has(host)
      ? decodeBrandKey(null)
      : ({ kind: "host", host } as const);
  try {
    const own =
      key.kind === "workspace"
        ? await workspaceBranding(key.slug)
        : key.kind === "status"
          ? await publicBranding(key.slug)
          : key.kind === "host"
            ? await hostBranding(key.host)
            : null;
    // A custom domain never falls back to the platform's own look: neutral instead.
    if (own) return own;
    if (key.kind === "host") return NEUTRAL_BRANDING;
    return (await publicBranding(null)) ?? NEUTRAL_BRANDING;
  } catch {
    return NEUTRAL_BRANDING;
  }
});
