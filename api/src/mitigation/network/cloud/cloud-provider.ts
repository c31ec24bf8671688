import type { Intent } from "../intent.ts";
import type { SpeakerCall } from "../speakers/speaker.ts";

/**
 * A cloud or hosting provider's mitigation API. Each supports some intents: scrubbing on/off
 * (Cloudflare Magic Transit, OVH), edge-firewall rules from FlowSpec discards (OVH, Hetzner),
 * everything (a signed webhook). Base URLs are configurable (tests point them at loopback).
 */
export interface CloudProvider {
  readonly name: string;
  supports(intent: Intent): boolean;
  apply(intent: Intent): Promise<SpeakerCall>;
  remove(intent: Intent): Promise<SpeakerCall>;
}
