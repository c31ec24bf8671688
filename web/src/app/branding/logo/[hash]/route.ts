// Uploaded logos (white label) on every host the web app serves, custom domains and status pages included:
// /branding/logo/<sha256> is what a workspace's Branding.logo says after an upload. Read from the API's
// public `brandingLogo(sha256)` (the web app reads only GraphQL); the response: lib/branding/logo-file.ts.
import { LOGO_HASH, logoFileResponse, notFound } from "@/lib/branding/logo-file";
import { BrandingLogoDocument } from "@/lib/graphql/generated/graphql";
import { apiGraphqlUrl, postGraphQL } from "@/lib/graphql/request";
import { visitorAddress } from "@/lib/http/client-address";

export const dynamic = "force-dynamic";

export async function GET(request: Request, { params }: { params: Promise<{ hash: string }> }) {
  const { hash } = await params;
  if (!LOGO_HASH.test(hash)) return notFound();
  try {
    const result = await postGraphQL(
      apiGraphqlUrl(),
      BrandingLogoDocument,
      { sha256: hash },
      // As the visitor's read: anyone may ask for any hash, and the API's anonymous limit must count
      // them, not this server (whose own address every visitor's page render shares).
      { cache: "no-store", forwardedFor: visitorAddress((name) => request.headers.get(name)) },
    );
    if (!result.data) return notFound(502, "The API did not answer");
    return logoFileResponse(result.data.brandingLogo);
  } catch {
    return notFound(502, "The API is unreachable");
  }
}
