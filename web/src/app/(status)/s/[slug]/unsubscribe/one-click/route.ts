// RFC 8058 one-click unsubscribe: the List-Unsubscribe address of a status page's e-mails. A mail client
// POSTs `List-Unsubscribe=One-Click` here (no cookies, no page) and the subscription ends at once. A GET
// (someone opened the address) goes to the page that asks first.
import { visitorAddress } from "@/lib/http/client-address";
import { unsubscribe } from "@/lib/status/subscription";

export const dynamic = "force-dynamic";

const text = (body: string, status: number, headers: Record<string, string> = {}) =>
  new Response(body, {
    status,
    headers: { "content-type": "text/plain; charset=utf-8", "cache-control": "no-store", ...headers },
  });

export async function POST(request: Request) {
  const token = new URL(request.url).searchParams.get("token");
  if (!token) return text("No token: open the unsubscribe link of the e-mail.\n", 400);
  try {
    await unsubscribe(
      token,
      visitorAddress((name) => request.headers.get(name)),
    );
  } catch (error) {
    console.error(`[status unsubscribe] ${String(error)}`);
    return text("Could not unsubscribe now; try again in a moment.\n", 503);
  }
  return text("Unsubscribed.\n", 200);
}

export function GET(request: Request) {
  const token = new URL(request.url).searchParams.get("token") ?? "";
  // Relative: right on /s/<slug>/unsubscribe/one-click and on a custom domain's /unsubscribe/one-click alike.
  return text("See Other\n", 303, { location: `../unsubscribe?token=${encodeURIComponent(token)}` });
}
