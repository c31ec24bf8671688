// Acknowledgement callbacks from PagerDuty, Slack and OpsGenie on the web origin (a custom domain included),
// forwarded to ${LEVEE_API_URL}/hooks/alerts/<channel>/<provider> (lib/alerts/callback-forward.ts).
import { forwardCallback } from "@/lib/alerts/callback-forward";
import { apiGraphqlUrl } from "@/lib/graphql/request";

export const dynamic = "force-dynamic";

export async function POST(
  request: Request,
  { params }: { params: Promise<{ channel: string; provider: string }> },
) {
  const { channel, provider } = await params;
  return forwardCallback(request, apiGraphqlUrl().replace(/\/graphql$/, ""), channel, provider);
}
