// What editing a channel sends. The API keeps every setting an update leaves out (a secret it never
// returns included: api/src/alerts/channel-input.ts) and null clears an optional one; so an edit sends
// only what changed: a plain setting whose value differs, a secret only when a new one is typed. Pure,
// for node:test.

import type { AlertChannelSettingsInput, UpdateAlertChannelInput } from "@/lib/graphql/generated/graphql";
import { type ChannelFormField, type ChannelKind, kindOf, splitEmails } from "./channel-kinds";

/** A channel as the alerts page reads it: plain settings as they are, secrets by their hints. */
export interface AlertChannelRow {
  id: string;
  name: string;
  kind: string;
  enabled: boolean;
  sharedWithCustomers: boolean;
  /** Non-secret settings (chat id, numbers, addresses). */
  settings: unknown;
  secrets: readonly { field: string; hint: string }[];
  /** PagerDuty, Slack, OpsGenie: where the provider sends acknowledgements (README, Alerting). */
  callbackUrl?: string | null;
}

function plainSettings(settings: unknown): Record<string, unknown> {
  return settings && typeof settings === "object" ? (settings as Record<string, unknown>) : {};
}

/** What a field of the edit form starts with: the stored plain value; a secret starts empty. */
export function initialValue(field: ChannelFormField, settings: unknown): string {
  if (field.secret) return "";
  const stored = plainSettings(settings)[field.name];
  if (Array.isArray(stored)) return stored.join(", ");
  return stored === undefined || stored === null ? "" : String(stored);
}

/** The hint of a stored secret ("https://hooks.slack.com/…abcd", "…wxyz"), if it is set. */
export function secretHint(channel: Pick<AlertChannelRow, "secrets">, field: string): string | undefined {
  return channel.secrets.find((s) => s.field === field)?.hint;
}

/** What the edit form says under a secret field: the stored value stays unless a new one is typed. */
export const KEPT_PLACEHOLDER = "Stored value kept unless you type a new one";

const sameEmails = (a: unknown, b: readonly string[]) =>
  Array.isArray(a) && a.length === b.length && a.every((v, i) => v === b[i]);

/**
 * The settings an edit sends, or undefined when none changed: a plain field whose value differs from the
 * stored one (emptied, a required one is sent empty, so the API says under it that it is required; an
 * optional one is sent as null, which clears it), a secret only when typed (left empty, it is kept).
 */
export function editedSettings(
  kind: ChannelKind,
  stored: unknown,
  value: (field: string) => string,
): AlertChannelSettingsInput | undefined {
  const before = plainSettings(stored);
  const settings: Record<string, unknown> = {};
  for (const field of kindOf(kind)?.fields ?? []) {
    const raw = value(field.name).trim();
    if (field.secret) {
      if (raw !== "") settings[field.name] = raw;
    } else if (field.type === "emails") {
      const emails = splitEmails(raw);
      if (!sameEmails(before[field.name], emails))
        settings[field.name] = emails.length > 0 || field.required ? emails : null;
    } else if (raw !== String(before[field.name] ?? "")) {
      settings[field.name] = raw !== "" || field.required ? raw : null;
    }
  }
  return Object.keys(settings).length > 0 ? (settings as AlertChannelSettingsInput) : undefined;
}

/**
 * The update for the edit form's values (name, sharing, the kind's fields), with only what changed,
 * or null when nothing did (no call, no audit entry for nothing). The kind is never sent: it cannot change.
 */
export function channelEdit(
  channel: AlertChannelRow,
  value: (field: string) => string,
  sharedWithCustomers: boolean,
): UpdateAlertChannelInput | null {
  const input: UpdateAlertChannelInput = { channelId: channel.id };
  const name = value("name").trim();
  if (name !== channel.name) input.name = name;
  if (sharedWithCustomers !== channel.sharedWithCustomers) input.sharedWithCustomers = sharedWithCustomers;
  const settings = editedSettings(channel.kind as ChannelKind, channel.settings, value);
  if (settings) input.settings = settings;
  return Object.keys(input).length > 1 ? input : null;
}
