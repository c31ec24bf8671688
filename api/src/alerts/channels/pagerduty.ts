import { type AlertMessage, eventDataOf, familyLabel, titleOf } from "../alert-message.ts";
import {
  CALLBACK_SECRET,
  type ChannelModule,
  type ChannelTarget,
  http,
  type RenderContext,
  str,
} from "./channel.ts";

const severity = { LOW: "warning", MEDIUM: "error", HIGH: "critical", CRITICAL: "critical" } as const;

/**
 * PagerDuty Events API v2. dedup_key is the Levee incident, so a trigger for an update or an
 * escalation lands on the same PagerDuty incident, and the resolve closes it.
 */
function trigger(target: ChannelTarget, m: AlertMessage, ctx: RenderContext, dedupKey = m.incidentId) {
  return http(ctx.providers.pagerduty, {
    routing_key: str(target, "routingKey"),
    event_action: "trigger",
    dedup_key: dedupKey,
    payload: {
      summary: titleOf(m).slice(0, 1024),
      source: m.nodeName,
      severity: m.event === "TEST" ? "info" : severity[m.severity],
      timestamp: m.startedAt,
      component: m.nodeName,
      group: m.workspaceName,
      class: familyLabel(m.family, m.classified, m.event === "RESOLVED"),
      custom_details: eventDataOf(m),
    },
    client: "Levee",
    client_url: m.link,
    links: [{ href: m.link, text: "Levee incident" }],
  });
}

export const pagerDutyChannel: ChannelModule = {
  kind: "PAGERDUTY",
  fields: { routingKey: { type: "token", secret: true, required: true }, callbackSecret: CALLBACK_SECRET },
  open: (target, m, ctx) => trigger(target, m, ctx),
  update: (target, m, ctx) => trigger(target, m, ctx),
  resolve: (target, m, ctx) =>
    http(ctx.providers.pagerduty, {
      routing_key: str(target, "routingKey"),
      event_action: "resolve",
      dedup_key: m.incidentId,
    }),
  test: (target, m, ctx) => trigger(target, m, ctx, `levee-test-${ctx.messageId}`),
};
