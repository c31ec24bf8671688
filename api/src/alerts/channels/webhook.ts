import { createHmac } from "node:crypto";
import { type AlertMessage, eventDataOf } from "../alert-message.ts";
import { type ChannelModule, type ChannelTarget, type RenderContext, str } from "./channel.ts";

/** `whsec_<base64>` → key bytes (the Standard Webhooks secret format). */
export function webhookSecretBytes(secret: string): Buffer {
  return Buffer.from(secret.slice("whsec_".length), "base64");
}

/**
 * Standard Webhooks signature: base64 HMAC-SHA256 of `id.timestamp.body` with each valid
 * secret, space-separated `v1,<sig>` entries, so a receiver rotating secrets accepts either.
 */
export function signWebhook(secrets: string[], id: string, timestamp: number, body: string): string {
  return secrets
    .map((secret) => {
      const mac = createHmac("sha256", webhookSecretBytes(secret));
      return `v1,${mac.update(`${id}.${timestamp}.${body}`).digest("base64")}`;
    })
    .join(" ");
}

const types = {
  OPENED: "incident.opened",
  UPDATED: "incident.updated",
  RESOLVED: "incident.resolved",
  TEST: "test",
};

function render(target: ChannelTarget, message: AlertMessage, ctx: RenderContext) {
  const body = JSON.stringify({
    type: types[message.event],
    timestamp: new Date(ctx.now * 1000).toISOString(),
    data: eventDataOf(message),
  });
  const secrets = [str(target, "signingSecret")];
  if (typeof target.previousSigningSecret === "string") secrets.push(target.previousSigningSecret);
  return {
    kind: "http" as const,
    url: str(target, "url"),
    body,
    headers: {
      "webhook-id": ctx.messageId,
      "webhook-timestamp": String(ctx.now),
      "webhook-signature": signWebhook(secrets, ctx.messageId, ctx.now, body),
    },
  };
}

export const webhookChannel: ChannelModule = {
  kind: "WEBHOOK",
  fields: {
    url: { type: "url", secret: true, required: true },
    signingSecret: { type: "whsec", secret: true, required: true },
    previousSigningSecret: { type: "whsec", secret: true, required: false },
  },
  open: render,
  update: render,
  resolve: render,
  test: render,
};
