// For a reverse proxy that issues certificates on demand (Caddy's `on_demand_tls { ask … }`): 200 when
// `?domain=` is a verified custom domain, 404 otherwise, so no certificate is ever requested for a host
// nobody proved. Says only what DNS and the host's own pages say anyway.
import { domainSlug } from "@/lib/branding/domain-routes";
import { hostnameOf } from "@/lib/branding/host-routing";

export const dynamic = "force-dynamic";

export async function GET(request: Request): Promise<Response> {
  const domain = hostnameOf(new URL(request.url).searchParams.get("domain"));
  if (!domain || domain.length > 253) return new Response("no", { status: 404 });
  try {
    return (await domainSlug(domain)) ? new Response("ok") : new Response("no", { status: 404 });
  } catch {
    return new Response("unavailable", { status: 503 });
  }
}
