// Host → workspace for src/proxy.ts: which workspace a custom domain serves, asked of the API's public
// customDomainRoute and kept 10 s (a newly verified domain works within that; a removed one stops).
import { CustomDomainRouteQuery } from "@/lib/graphql/operations/branding";
import { apiGraphqlUrl, postGraphQL } from "@/lib/graphql/request";
import { TtlCache } from "./ttl-cache";

const routes = new TtlCache<string | null>(10_000, 5_000);

/** The slug of the workspace `host` is a verified custom domain of, or null; throws when the API is down. */
export function domainSlug(host: string): Promise<string | null> {
  return routes.get(host, async () => {
    const { data, errors } = await postGraphQL(
      apiGraphqlUrl(),
      CustomDomainRouteQuery,
      { host },
      {
        cache: "no-store",
        timeoutMs: 3_000,
      },
    );
    if (errors.length > 0 || !data) throw new Error("custom domain look-up failed");
    return data.customDomainRoute?.slug ?? null;
  });
}
