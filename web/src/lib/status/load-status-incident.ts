// One incident of a public status page, for its own page (`/s/<slug>/incidents/<ref>`): fetched WITHOUT
// the visitor's cookies like the page itself (load-status-page.ts), so every visitor sees the same
// answer; the API keeps it half a second and web/server.ts keeps the rendered page a second.
import type { PublicStatusIncidentQuery as Result } from "@/lib/graphql/generated/graphql";
import { PublicStatusIncidentQuery } from "@/lib/graphql/operations/status-page";
import { apiGraphqlUrl, postGraphQL } from "@/lib/graphql/request";

export type PublicIncidentPage = NonNullable<Result["statusPageIncident"]>;

/** What a public reference looks like (PublicStatusIncident.ref); anything else is a 404 without asking. */
export const INCIDENT_REF = /^[0-9a-f]{16}$/;

/**
 * null: no such incident on a public page (unknown, disabled or private page, an incident the page
 * does not list). Throws when the API fails. `visitor`: as for loadStatusPage.
 */
export async function loadStatusIncident(
  slug: string,
  ref: string,
  visitor?: string,
): Promise<PublicIncidentPage | null> {
  if (!INCIDENT_REF.test(ref)) return null;
  const { data, errors } = await postGraphQL(
    apiGraphqlUrl(),
    PublicStatusIncidentQuery,
    { slug, ref },
    { cache: "no-store", timeoutMs: 5_000, forwardedFor: visitor },
  );
  if (errors.some((e) => e.extensions?.code === "BAD_USER_INPUT")) return null;
  if (errors.length > 0) throw new Error(errors.map((e) => e.message).join("; "));
  return data?.statusPageIncident ?? null;
}
