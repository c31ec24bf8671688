import type { SecretBox } from "../secrets/secret-box.ts";
import type { ChannelField, ChannelTarget } from "./channels/channel.ts";

export interface StoredChannel {
  id: string;
  settings: unknown;
  secrets: unknown;
}

export const secretContext = (channelId: string, field: string) => `alert-channel:${channelId}:${field}`;

/** Public settings minus display hints, plus every secret opened: what a channel module renders with. */
export function openTarget(channel: StoredChannel, box: SecretBox): ChannelTarget {
  const { hints: _hints, ...settings } = (channel.settings ?? {}) as Record<string, unknown>;
  const target: ChannelTarget = { channelId: channel.id, ...(settings as Partial<ChannelTarget>) };
  for (const [field, sealed] of Object.entries((channel.secrets ?? {}) as Record<string, string>))
    target[field as ChannelField] = box.open(sealed, secretContext(channel.id, field));
  return target;
}
