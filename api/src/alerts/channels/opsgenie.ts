import { type AlertMessage, eventDataOf, familyLabel, plainTextOf, titleOf } from "../alert-message.ts";
import {
  CALLBACK_SECRET,
  type ChannelModule,
  type ChannelTarget,
  http,
  type RenderContext,
  str,
} from "./channel.ts";

const priority = { LOW: "P4", MEDIUM: "P3", HIGH: "P2", CRITICAL: "P1" } as const;
const auth = (target: ChannelTarget) => ({ authorization: `GenieKey ${str(target, "apiKey")}` });
const byAlias = (ctx: RenderContext, alias: string, action: string) =>
  `${ctx.providers.opsgenie}/v2/alerts/${encodeURIComponent(alias)}/${action}?identifierType=alias`;

/** OpsGenie Alert API: create with alias = the incident (OpsGenie de-duplicates on it), close on resolution. */
function create(target: ChannelTarget, m: AlertMessage, ctx: RenderContext, alias = m.incidentId) {
  const details = Object.fromEntries(Object.entries(eventDataOf(m)).map(([k, v]) => [k, String(v ?? "")]));
  return http(
    `${ctx.providers.opsgenie}/v2/alerts`,
    {
      message: titleOf(m).slice(0, 130),
      alias,
      description: plainTextOf(m).slice(0, 15000),
      source: "Levee",
      entity: m.nodeName,
      priority: m.event === "TEST" ? "P5" : priority[m.severity],
      tags: ["levee", "ddos", familyLabel(m.family, m.classified, m.event === "RESOLVED")],
      details,
    },
    auth(target),
  );
}

export const opsGenieChannel: ChannelModule = {
  kind: "OPSGENIE",
  fields: { apiKey: { type: "token", secret: true, required: true }, callbackSecret: CALLBACK_SECRET },
  open: (target, m, ctx) => create(target, m, ctx),
  update: (target, m, ctx) =>
    http(byAlias(ctx, m.incidentId, "notes"), { note: titleOf(m), source: "Levee" }, auth(target)),
  resolve: (target, m, ctx) =>
    http(byAlias(ctx, m.incidentId, "close"), { note: titleOf(m), source: "Levee" }, auth(target)),
  test: (target, m, ctx) => create(target, m, ctx, `levee-test-${ctx.messageId}`),
};
