import type { GeoInfo } from "./geo-database.ts";
import type { ReputationHit, ThreatIntel } from "./threat-intel.ts";

export interface SourceIntel extends GeoInfo {
  ip: string;
  knownBad: boolean;
  lists: ReputationHit[];
}

/** Country, AS and known-bad flags for an incident's top sources, in their order. */
export function describeSources(intel: ThreatIntel, sources: { ip: string }[]): SourceIntel[] {
  return sources.map(({ ip }) => {
    const geo = intel.geo(ip);
    const reputation = intel.reputation(ip);
    return {
      ip,
      country: geo?.country ?? null,
      asn: geo?.asn ?? null,
      asOrg: geo?.asOrg ?? null,
      knownBad: reputation.knownBad,
      lists: reputation.lists,
    };
  });
}
