// Providers' acknowledgement callbacks (PagerDuty, Slack, OpsGenie) reach the API through the web origin, so
// the URL given to a provider can be this deployment's (or a custom domain's) address. Pure, for node:test.

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const PROVIDERS = new Set(["pagerduty", "slack", "opsgenie"]);

/**
 * The headers the API checks (the signatures, Slack's timestamp) and reads (type, agent), nothing else: the
 * body is forwarded byte for byte, since each signature covers the raw body.
 */
const FORWARDED = [
  "content-type",
  "user-agent",
  "x-pagerduty-signature",
  "x-slack-signature",
  "x-slack-request-timestamp",
];

/** `${apiBase}/hooks/alerts/<channel>/<provider>?<query>` (OpsGenie's token rides in the query), or null. */
export function callbackUpstreamUrl(
  apiBase: string,
  channel: string,
  provider: string,
  search: string,
): string | null {
  if (!UUID.test(channel) || !PROVIDERS.has(provider)) return null;
  return `${apiBase.replace(/\/+$/, "")}/hooks/alerts/${channel}/${provider}${search}`;
}

export function forwardedCallbackHeaders(headers: Headers): Headers {
  const out = new Headers();
  for (const name of FORWARDED) {
    const value = headers.get(name);
    if (value !== null) out.set(name, value);
  }
  return out;
}
