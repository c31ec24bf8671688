// Offline threat intelligence: reputation feeds and a geo/ASN database, loaded once at start.
export type { GeoInfo } from "./geo-database.ts";
export { describeSources, type SourceIntel } from "./source-intel.ts";
export {
  loadThreatIntel,
  type ReputationHit,
  type ReputationResult,
  type ThreatIntel,
} from "./threat-intel.ts";
