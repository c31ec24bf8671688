// One incident of a public status page, for its own page (`/s/<slug>/incidents/<ref>`): fetched WITHOUT
// the visitor's cookies like the page itself (load-status-page.ts), so every visitor sees the same
// answer; the API keeps it half a second and web/server.ts keeps the rendered page a second.
import type { PublicStatusIncidentQuery as Result } from "@/lib/graphql/generated/graphql";
import { PublicStatusIncidentQuery } from "@/lib/graphql/operations/status-page";
import { apiGraphqlUrl, postGraphQL } from "@/lib/graphql/request";

export type PublicIncidentPage = NonNullable<Result["statusPageIncident"]>;
type Lock = NonNullable<Result["statusPageLock"]>;

/** What a public reference looks like (PublicStatusIncident.ref); anything else is a 404 without asking. */
export const INCIDENT_REF = /^[0-9a-f]{16}$/;

/**
 * report null: no such incident on a public page (unknown, disabled or private page, an incident the
 * page does not list), or a password-protected page without a proof that opens it (lock set: the page
 * asks for its password; whether it lists the incident is not said). Throws when the API fails.
 * `visitor`: as for loadStatusPage; `access`: the visitor's proof (lib/status/page-access.ts).
 */
export async function loadStatusIncident(
  slug: string,
  ref: string,
  visitor?: string,
  access?: string,
): Promise<{ report: PublicIncidentPage | null; lock: Lock | null }> {
  if (!INCIDENT_REF.test(ref)) return { report: null, lock: null };
  const { data, errors } = await postGraphQL(
    apiGraphqlUrl(),
    PublicStatusIncidentQuery,
    { slug, ref, access },
    { cache: "no-store", timeoutMs: 5_000, forwardedFor: visitor },
  );
  if (errors.some((e) => e.extensions?.code === "BAD_USER_INPUT")) return { report: null, lock: null };
  if (errors.length > 0) throw new Error(errors.map((e) => e.message).join("; "));
  return { report: data?.statusPageIncident ?? null, lock: data?.statusPageLock ?? null };
}
