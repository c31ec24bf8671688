import type { AlertMessage } from "../alert-message.ts";
import type { HttpCall } from "../http-send.ts";
import type { MailRelay } from "../mail-relay.ts";

export const CHANNEL_KINDS = [
  "WEBHOOK",
  "SLACK",
  "DISCORD",
  "TEAMS",
  "TELEGRAM",
  "PAGERDUTY",
  "OPSGENIE",
  "SMS",
  "EMAIL",
] as const;
export type ChannelKindName = (typeof CHANNEL_KINDS)[number];

/** Input fields a channel may use; which ones each kind needs is in its `fields`. */
export const CHANNEL_FIELDS = [
  "url",
  "signingSecret",
  "previousSigningSecret",
  "botToken",
  "chatId",
  "routingKey",
  "apiKey",
  "accountSid",
  "authToken",
  "fromNumber",
  "toNumber",
  "emails",
  "callbackSecret",
] as const;
export type ChannelField = (typeof CHANNEL_FIELDS)[number];

export type FieldType = "url" | "whsec" | "token" | "callback" | "text" | "e164" | "emails";
export interface FieldSpec {
  type: FieldType;
  /** Sealed at rest, never returned (only a hint). */
  secret: boolean;
  required: boolean;
}

/** A channel's settings and opened secrets, as the kind module reads them. */
export type ChannelTarget = Partial<Record<ChannelField, string | string[]>> & { channelId: string };

export interface ProviderUrls {
  pagerduty: string;
  opsgenie: string;
  telegram: string;
  twilio: string;
}

/** What one notification becomes: an HTTP request to a provider, or an e-mail. */
export type Outbound = ({ kind: "http" } & HttpCall) | EmailOutbound;

export interface EmailOutbound {
  kind: "email";
  to: string[];
  subject: string;
  text: string;
  html: string;
  fromName?: string;
  /** The workspace's own relay (mail-server.ts); without one, SMTP_URL. */
  relay?: MailRelay;
  /** Extra headers (a status page's List-Unsubscribe, RFC 8058). */
  headers?: Record<string, string>;
}

export interface RenderContext {
  providers: ProviderUrls;
  /** Stable per delivery (retries keep it): Standard Webhooks' webhook-id, idempotency keys. */
  messageId: string;
  /** Unix seconds of this attempt. */
  now: number;
}

/**
 * One module per channel kind, one interface: what to send when an incident opens, changes
 * (new severity or family, or an escalation step), resolves, and for a test. Pure: the delivery
 * job does the I/O, so every format is checked by the tests without a network.
 */
export interface ChannelModule {
  kind: ChannelKindName;
  fields: Partial<Record<ChannelField, FieldSpec>>;
  open(target: ChannelTarget, message: AlertMessage, ctx: RenderContext): Outbound;
  update(target: ChannelTarget, message: AlertMessage, ctx: RenderContext): Outbound;
  resolve(target: ChannelTarget, message: AlertMessage, ctx: RenderContext): Outbound;
  test(target: ChannelTarget, message: AlertMessage, ctx: RenderContext): Outbound;
}

/**
 * The secret a provider's callback to Levee is checked with (inbound/callback.route.ts):
 * PagerDuty's webhook signing secret, the Slack app's signing secret, or for OpsGenie a token of
 * the user's choosing that goes in the callback URL. Optional: without it callbacks are refused.
 */
export const CALLBACK_SECRET: FieldSpec = { type: "callback", secret: true, required: false };

export const str = (target: ChannelTarget, field: ChannelField): string => {
  const value = target[field];
  if (typeof value !== "string") throw new Error(`channel ${target.channelId} lacks ${field}`);
  return value;
};

/** For kinds whose update and test look like an open (chat webhooks): one render for all. */
export function sameForAll(
  kind: ChannelKindName,
  fields: ChannelModule["fields"],
  render: (target: ChannelTarget, message: AlertMessage, ctx: RenderContext) => Outbound,
): ChannelModule {
  return { kind, fields, open: render, update: render, resolve: render, test: render };
}

export const http = (url: string, body: unknown, headers?: Record<string, string>): Outbound => ({
  kind: "http",
  url,
  body,
  headers,
});
