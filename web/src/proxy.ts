// Runs before every page: a fresh CSP nonce per request, set on the request (Next reads it
// there and adds it to the scripts it renders) and on the response.
import { type NextRequest, NextResponse } from "next/server";
import { contentSecurityPolicy } from "@/lib/security/headers";

export function proxy(request: NextRequest) {
  const nonce = btoa(crypto.randomUUID());
  const policy = contentSecurityPolicy(nonce, process.env.NODE_ENV === "development");
  const headers = new Headers(request.headers);
  headers.set("x-nonce", nonce);
  headers.set("content-security-policy", policy);
  const response = NextResponse.next({ request: { headers } });
  response.headers.set("content-security-policy", policy);
  return response;
}

// Pages only: not the /graphql proxy, Next's static files or public assets.
export const config = {
  matcher: [{ source: "/((?!graphql|_next/static|_next/image|favicon.ico|.*\\.svg$).*)" }],
};
