import type { IncomingMessage, ServerResponse } from "node:http";
import { buildContext } from "../../context.ts";
import { clientAddress } from "../../http/caller.ts";
import { headerOf } from "../../http/respond.ts";
import type { AppServices } from "../../services.ts";
import { secretContext } from "../channel-target.ts";
import { recordAcknowledgement } from "../escalation.service.ts";
import {
  CALLBACK_PROVIDERS,
  type CallbackProvider,
  callbackActionOf,
  PROVIDER_LABELS,
} from "./callback-payload.ts";
import {
  callbackTokenMatches,
  checkPagerDutyEvent,
  checkSlackSignature,
  PAGERDUTY_MAX_AGE_SECONDS,
} from "./callback-signature.ts";
import { queueSlackAckUpdate } from "./slack-ack-update.ts";

/** Slack's interaction payloads carry the whole message; PagerDuty's and OpsGenie's are a few KB. */
const MAX_CALLBACK_BYTES = 256 * 1024;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const CALLBACK_PREFIX = "/hooks/alerts/";

/** `/hooks/alerts/<channel uuid>/<provider>`, or undefined for any other path. */
export function callbackRouteOf(path: string): { channelId: string; provider: CallbackProvider } | undefined {
  const [channelId, provider, ...rest] = path.slice(CALLBACK_PREFIX.length).split("/");
  if (
    rest.length > 0 ||
    !channelId ||
    !UUID.test(channelId) ||
    !provider ||
    !Object.hasOwn(CALLBACK_PROVIDERS, provider)
  )
    return undefined;
  return { channelId: channelId.toLowerCase(), provider: provider as CallbackProvider };
}

function answer(res: ServerResponse, status: number, body: Record<string, unknown>) {
  res.writeHead(status, { "content-type": "application/json; charset=utf-8", "cache-control": "no-store" });
  res.end(JSON.stringify(body));
}

async function rawBodyOf(req: IncomingMessage): Promise<Buffer | undefined> {
  if (Number(headerOf(req, "content-length") ?? 0) > MAX_CALLBACK_BYTES) return undefined;
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_CALLBACK_BYTES) return undefined;
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

/**
 * POST /hooks/alerts/<channel>/<pagerduty|slack|opsgenie>: an on-call engineer acknowledged (or
 * resolved) Levee's alert in the provider, which tells us here. Checked with the channel's
 * sealed callback secret on the raw body; the incident is the key Levee sent (dedup_key, alias,
 * the Slack button's value) and must be one this channel could have been told of. Then the same
 * acknowledgement as `acknowledgeIncident`, audited as the provider's user. Unknown channel or
 * incident: 404; bad signature or a stale Slack timestamp: 401; neither changes anything. A Slack
 * click's message is then replaced by its acknowledged version (slack-ack-update.ts).
 */
export async function serveAlertCallback(services: AppServices, req: IncomingMessage, res: ServerResponse) {
  const route = callbackRouteOf((req.url ?? "/").split("?")[0] ?? "");
  if (!route) return answer(res, 404, { error: "no such callback" });
  const raw = await rawBodyOf(req);
  if (!raw) return answer(res, 413, { error: `the body is over ${MAX_CALLBACK_BYTES} bytes` });
  const { prisma } = services.database;
  const channel = await prisma.alertChannel.findUnique({ where: { id: route.channelId } });
  const sealed = (channel?.secrets as Record<string, string> | null)?.callbackSecret;
  // A channel of another kind, or without a callback secret, is no callback at all.
  if (!channel || channel.kind !== CALLBACK_PROVIDERS[route.provider] || !sealed)
    return answer(res, 404, { error: "no such callback" });
  if (!services.secrets.available) return answer(res, 503, { error: "LEVEE_SECRET_KEY is not set" });
  const secret = services.secrets.open(sealed, secretContext(channel.id, "callbackSecret"));

  const refused = signatureRefusal(route.provider, req, raw, secret);
  if (refused) return answer(res, 401, { error: refused });

  const action = callbackActionOf[route.provider](raw.toString("utf8"));
  if (action.kind === "malformed") return answer(res, 400, { error: "not a payload of this provider" });
  // Answered 2xx so the provider neither retries nor disables the subscription.
  if (action.kind === "ignore") return answer(res, 200, { ok: true, ignored: action.reason });
  if (action.incidentKey.startsWith("levee-test-"))
    return answer(res, 200, { ok: true, ignored: "a test message (testAlertChannel)" });

  const incident = UUID.test(action.incidentKey)
    ? await prisma.incident.findUnique({ where: { id: action.incidentKey.toLowerCase() } })
    : null;
  // The channel's own workspace, or (an MSP's channel shared with customers) an incident it was told of.
  const told =
    incident &&
    (incident.workspaceId === channel.workspaceId ||
      (await prisma.alertDelivery.count({ where: { channelId: channel.id, incidentId: incident.id } })) > 0);
  if (!incident || !told) return answer(res, 404, { error: "no such incident for this channel" });

  const label = PROVIDER_LABELS[route.provider];
  const request = {
    ip: clientAddress({ get: (name) => headerOf(req, name) }, req, services.config.trustProxy),
    userAgent: headerOf(req, "user-agent"),
  };
  const ctx = buildContext(services, { kind: "anonymous" }, request);
  const updated = await recordAcknowledgement(ctx, incident, `callback:${label}:${action.reporter}`, {
    type: "INTEGRATION",
    id: channel.id,
    label: `${label}: ${action.reporter}`.slice(0, 240),
  });
  answer(res, 200, { ok: true, acknowledgedAt: updated.acknowledgedAt });
  // Slack: the clicked message is replaced by its acknowledged version, after the answer (Slack
  // wants one within 3 s) and whether or not this click was the first acknowledgement.
  if (route.provider === "slack")
    await queueSlackAckUpdate(services, {
      channelId: channel.id,
      incidentId: incident.id,
      responseUrl: action.responseUrl,
    });
}

/** Why the request is not the provider's (a sentence for the 401), or undefined when it is. */
function signatureRefusal(
  provider: CallbackProvider,
  req: IncomingMessage,
  raw: Buffer,
  secret: string,
): string | undefined {
  switch (provider) {
    case "pagerduty": {
      const check = checkPagerDutyEvent(raw, headerOf(req, "x-pagerduty-signature"), secret, Date.now());
      if (check.ok) return undefined;
      if (check.reason === "stale")
        return `event.occurred_at is over ${PAGERDUTY_MAX_AGE_SECONDS / 60} minutes old (or ahead of our clock)`;
      return check.reason === "undated" ? "event.occurred_at is missing" : "bad X-PagerDuty-Signature";
    }
    case "slack": {
      const check = checkSlackSignature(
        raw,
        headerOf(req, "x-slack-request-timestamp"),
        headerOf(req, "x-slack-signature"),
        secret,
        Math.floor(Date.now() / 1000),
      );
      if (check.ok) return undefined;
      return check.reason === "stale"
        ? "X-Slack-Request-Timestamp is over 5 minutes away"
        : "bad X-Slack-Signature";
    }
    case "opsgenie": {
      const token = new URL(req.url ?? "/", "http://levee.local").searchParams.get("token");
      return callbackTokenMatches(token, secret) ? undefined : "bad token";
    }
  }
}
