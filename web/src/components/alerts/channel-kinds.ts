// What the channel forms (new and edit) ask for, by kind. The API decides what is valid (api/src/alerts/channels/*:
// each kind's fields, required or not, secret or not) and answers per field (input.settings.<field>); this
// is the form's side only: labels, input types and hints. Pure, for node:test.

import type { AlertChannelKind, AlertChannelSettingsInput } from "@/lib/graphql/generated/graphql";

export type ChannelKind = AlertChannelKind;

export interface ChannelFormField {
  /** The settings field: a schema change that drops it breaks the build. */
  name: keyof AlertChannelSettingsInput;
  label: string;
  /** `secret`: typed like text but masked (alert-channel-fields.tsx says why not a password input). */
  type: "url" | "secret" | "text" | "tel" | "emails";
  required: boolean;
  /** A secret for the API: sealed at rest, never returned (only a hint); an edit that leaves it empty keeps it. */
  secret: boolean;
  hint?: string;
  placeholder?: string;
}

/**
 * The optional secret the provider's acknowledgements are checked with (the channel's callback URL, shown
 * once it is saved, is where the provider sends them).
 */
const callbackSecret = (hint: string): ChannelFormField => ({
  name: "callbackSecret",
  label: "Acknowledgement secret (optional)",
  type: "secret",
  required: false,
  secret: true,
  hint,
});

const incomingWebhook = (service: string): ChannelFormField[] => [
  {
    name: "url",
    label: `${service} webhook URL`,
    type: "secret",
    required: true,
    secret: true,
    hint: "A secret: stored encrypted; only its host comes back.",
    placeholder: "https://…",
  },
];

/** Every kind of the schema's enum, once (the Record makes a new kind a build error until it has a form). */
const FORMS: Record<ChannelKind, { label: string; fields: ChannelFormField[] }> = {
  WEBHOOK: {
    label: "Webhook (signed)",
    fields: [
      {
        name: "url",
        label: "URL",
        type: "url",
        required: true,
        secret: true,
        hint: "A signed POST (Standard Webhooks) per incident event. A secret: only its host comes back.",
        placeholder: "https://…",
      },
      {
        name: "signingSecret",
        label: "Signing secret",
        // Shown as it is: generated here or pasted, it has to be copied to the receiver.
        type: "text",
        required: true,
        secret: true,
        hint: "whsec_ followed by base64; your receiver checks signatures with it.",
      },
    ],
  },
  SLACK: {
    label: "Slack",
    fields: [
      ...incomingWebhook("Slack"),
      callbackSecret(
        "Your Slack app's signing secret: messages get an Acknowledge button, and clicks come back to the callback URL (the app's Interactivity request URL).",
      ),
    ],
  },
  DISCORD: { label: "Discord", fields: incomingWebhook("Discord") },
  TEAMS: { label: "Microsoft Teams", fields: incomingWebhook("Teams") },
  TELEGRAM: {
    label: "Telegram",
    fields: [
      { name: "botToken", label: "Bot token", type: "secret", required: true, secret: true },
      {
        name: "chatId",
        label: "Chat ID",
        type: "text",
        required: true,
        secret: false,
        placeholder: "-1001234567890",
      },
    ],
  },
  PAGERDUTY: {
    label: "PagerDuty",
    fields: [
      {
        name: "routingKey",
        label: "Integration (routing) key",
        type: "secret",
        required: true,
        secret: true,
        hint: "Events API v2: incidents open and resolve in PagerDuty with Levee's.",
      },
      callbackSecret(
        "The signing secret of a PagerDuty webhook subscription sending to the callback URL: acknowledging there acknowledges here.",
      ),
    ],
  },
  OPSGENIE: {
    label: "Opsgenie",
    fields: [
      { name: "apiKey", label: "API key", type: "secret", required: true, secret: true },
      callbackSecret(
        "A token of your choosing (16+ characters): an Opsgenie Webhook integration posting to the callback URL with ?token=<it> acknowledges here.",
      ),
    ],
  },
  SMS: {
    label: "SMS (Twilio)",
    fields: [
      {
        name: "accountSid",
        label: "Account SID",
        type: "text",
        required: true,
        secret: false,
        placeholder: "AC…",
      },
      { name: "authToken", label: "Auth token", type: "secret", required: true, secret: true },
      {
        name: "fromNumber",
        label: "From number",
        type: "tel",
        required: true,
        secret: false,
        placeholder: "+15005550006",
      },
      {
        name: "toNumber",
        label: "To number",
        type: "tel",
        required: true,
        secret: false,
        placeholder: "+4915112345678",
      },
    ],
  },
  EMAIL: {
    label: "E-mail",
    fields: [
      {
        name: "emails",
        label: "Addresses",
        type: "emails",
        required: true,
        secret: false,
        hint: "One or more, separated by commas, spaces or new lines. Sent through the mail server below (this workspace's, its MSP's or the platform's).",
        placeholder: "noc@example.com",
      },
    ],
  },
};

/** The forms in the order the Kind list shows them. */
export const CHANNEL_KINDS = Object.entries(FORMS).map(([kind, form]) => ({
  kind: kind as ChannelKind,
  ...form,
}));

export function kindOf(kind: string) {
  return CHANNEL_KINDS.find((k) => k.kind === kind);
}

/**
 * The settings input for `kind` from the form's values: empty values left out (the API treats a
 * missing field as not given), e-mail addresses split on commas, semicolons and white space.
 */
export function channelSettings(
  kind: ChannelKind,
  value: (field: string) => string,
): Record<string, unknown> {
  const settings: Record<string, unknown> = {};
  for (const field of kindOf(kind)?.fields ?? []) {
    const raw = value(field.name).trim();
    if (field.type === "emails") {
      const emails = splitEmails(raw);
      if (emails.length > 0) settings[field.name] = emails;
    } else if (raw !== "") settings[field.name] = raw;
  }
  return settings;
}

/** E-mail addresses as typed: separated by commas, semicolons or white space. */
export function splitEmails(raw: string): string[] {
  return raw
    .split(/[\s,;]+/)
    .map((e) => e.trim())
    .filter(Boolean);
}

/** A new Standard Webhooks signing secret: `whsec_` and 24 random bytes in base64. */
export function newSigningSecret(random: (bytes: Uint8Array) => Uint8Array): string {
  const bytes = random(new Uint8Array(24));
  let binary = "";
  for (const b of bytes) binary += String.fromCharCode(b);
  return `whsec_${btoa(binary)}`;
}
