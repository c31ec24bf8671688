// Where a status page's own paths are, as the visitor reached it: `/s/<slug>` on the deployment's hosts, ""
// on the workspace's verified custom domain (src/proxy.ts answers 404 on any other host and rewrites the
// page's paths there).
import { headers } from "next/headers";
import { hostnameOf, ownHosts, visibleHost } from "@/lib/branding/host-routing";

const own = ownHosts();

export async function statusBase(slug: string): Promise<string> {
  const request = await headers();
  const onCustomDomain = !own.has(hostnameOf(visibleHost((name) => request.get(name))));
  return onCustomDomain ? "" : `/s/${slug}`;
}
