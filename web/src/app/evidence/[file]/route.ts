// Capture downloads on the web origin: the API's signed links (/evidence/<id>.pcap?expires=…&sig=…) are
// relative, so the browser asks this origin; the signature is the credential and the API checks it.
import { apiGraphqlUrl } from "@/lib/graphql/request";

export const dynamic = "force-dynamic";

export async function GET(request: Request, { params }: { params: Promise<{ file: string }> }) {
  const { file } = await params;
  if (!/^[0-9a-f-]{36}\.pcap$/.test(file)) return new Response("Not found", { status: 404 });
  const target = new URL(`/evidence/${file}${new URL(request.url).search}`, apiGraphqlUrl());
  let upstream: Response;
  try {
    upstream = await fetch(target, { cache: "no-store", redirect: "manual" });
  } catch {
    return new Response("The API is unreachable", { status: 502 });
  }
  const headers = new Headers();
  for (const name of ["content-type", "content-length", "content-disposition", "cache-control"]) {
    const value = upstream.headers.get(name);
    if (value) headers.set(name, value);
  }
  return new Response(upstream.body, { status: upstream.status, headers });
}
