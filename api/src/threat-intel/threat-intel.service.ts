import type { Logger } from "../logging/logger.ts";
import { loadThreatIntel, type ThreatIntel } from "./threat-intel.ts";

const loaded = new Map<string, Promise<ThreatIntel>>();

/**
 * The threat intelligence of one directory, loaded once per process (about 2 s and 45 MB with
 * the geo/ASN database) on first use and shared by every server in the process.
 */
export function threatIntelFrom(dir: string, logger?: Logger) {
  let intel = loaded.get(dir);
  if (!intel) {
    intel = loadThreatIntel(dir).then((result) => {
      logger?.info(
        { feeds: result.feeds.map((f) => `${f.name} (${f.entries})`), geo: result.geoSource },
        "threat intelligence loaded",
      );
      return result;
    });
    loaded.set(dir, intel);
    intel.catch(() => loaded.delete(dir));
  }
  return intel;
}
