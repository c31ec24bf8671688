import { z } from "zod";
import type { FieldError } from "../errors.ts";
import {
  CHANNEL_FIELDS,
  type ChannelField,
  type ChannelKindName,
  type FieldSpec,
  type FieldType,
} from "./channels/channel.ts";
import { channelModules } from "./channels/index.ts";
import { checkTargetUrl } from "./target-guard.ts";

export type ChannelSettingsInput = Partial<Record<ChannelField, string | string[] | null>>;

/** Validated values, split into what may be shown and what gets sealed. */
export interface ParsedChannel {
  settings: Partial<Record<ChannelField, string | string[]>>;
  secrets: Partial<Record<ChannelField, string>>;
}

const E164 = /^\+[1-9]\d{6,14}$/;
const email = z.email();

async function problemWith(
  type: FieldType,
  value: unknown,
  allowPrivate: boolean,
): Promise<string | undefined> {
  if (type === "emails") {
    if (!Array.isArray(value) || value.length === 0) return "needs at least one e-mail address";
    if (value.length > 20) return "at most 20 addresses";
    const bad = value.find((v) => typeof v !== "string" || !email.safeParse(v).success);
    return bad === undefined ? undefined : `"${bad}" is not an e-mail address`;
  }
  if (typeof value !== "string" || value.trim() === "") return "is required";
  if (value.length > 2048) return "is too long";
  switch (type) {
    case "url":
      return checkTargetUrl(value, allowPrivate);
    case "whsec": {
      const bytes = /^whsec_[A-Za-z0-9+/]+={0,2}$/.test(value)
        ? Buffer.from(value.slice(6), "base64").length
        : 0;
      return bytes >= 24 && bytes <= 64
        ? undefined
        : "must be a Standard Webhooks secret: whsec_ + 24–64 bytes in base64";
    }
    case "e164":
      return E164.test(value) ? undefined : "must be an E.164 phone number such as +14155550100";
    case "token":
      return /\s/.test(value) ? "must not contain spaces" : undefined;
    case "callback":
      // Slack's signing secrets are 32 characters, PagerDuty's longer; a chosen token no shorter.
      return /^\S{16,256}$/.test(value) ? undefined : "must be 16–256 characters without spaces";
    case "text":
      return value.length > 200 ? "is too long (200 characters at most)" : undefined;
  }
}

/**
 * Checks a channel's fields for its kind. `input` holds what the caller sent (null clears an
 * optional field); `stored` what the channel already has (on update), so omitted secrets stay.
 */
export async function parseChannelFields(
  kind: ChannelKindName,
  input: ChannelSettingsInput,
  stored: { settings: ParsedChannel["settings"]; secretFields: ChannelField[] },
  allowPrivate: boolean,
): Promise<{ parsed: ParsedChannel; errors: FieldError[] }> {
  const fields = channelModules[kind].fields;
  const errors: FieldError[] = [];
  const parsed: ParsedChannel = { settings: {}, secrets: {} };
  for (const name of CHANNEL_FIELDS) {
    const spec = fields[name] as FieldSpec | undefined;
    const value = input[name];
    const path = `input.settings.${name}`;
    if (!spec) {
      if (value !== undefined && value !== null)
        errors.push({ path, message: `is not used by ${kind} channels` });
      continue;
    }
    const kept = spec.secret ? stored.secretFields.includes(name) : stored.settings[name] !== undefined;
    if (value === undefined || (value === null && !spec.required)) {
      if (value === undefined && kept) {
        if (!spec.secret) parsed.settings[name] = stored.settings[name];
        continue;
      }
      if (spec.required)
        errors.push({ path, message: spec.secret ? "is required (a secret)" : "is required" });
      continue;
    }
    const normalised = typeof value === "string" ? value.trim() : value;
    const problem = await problemWith(spec.type, normalised, allowPrivate);
    if (problem) errors.push({ path, message: problem });
    else if (spec.secret) parsed.secrets[name] = normalised as string;
    else parsed.settings[name] = normalised as string | string[];
  }
  return { parsed, errors };
}

/** What the API shows of a secret: URLs keep scheme and host, everything ends in its last 4. */
export function hintOf(value: string): string {
  const tail = value.slice(-4);
  try {
    const url = new URL(value);
    return `${url.protocol}//${url.host}/…${tail}`;
  } catch {
    return `…${tail}`;
  }
}
