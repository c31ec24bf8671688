import { existsSync } from "node:fs";
import { readdir, readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { GeoDatabase, type GeoFiles, type GeoInfo } from "./geo-database.ts";
import { ipKey } from "./ip-ranges.ts";
import { parseReputationFeed, type ReputationFeed } from "./reputation-feed.ts";

export interface ReputationHit {
  list: string;
  category: string;
}

export interface ReputationResult {
  knownBad: boolean;
  lists: ReputationHit[];
}

export interface ThreatIntel {
  /** Which reputation lists name the address (none: not known bad). */
  reputation(ip: string): ReputationResult;
  /** Country and AS from the offline database; null when unknown or no database is loaded. */
  geo(ip: string): GeoInfo | null;
  feeds: { name: string; category: string; entries: number; invalidLines: number }[];
  /** Where geo data came from ("threat-intel/geo", "@ip-location-db packages") or null. */
  geoSource: string | null;
}

const FEED_FILE = /\.(txt|netset|ipset|list)$/;

/**
 * Loads reputation feeds from `dir/reputation/` and a geo/ASN database from `dir/geo/`, or,
 * when that folder is absent, from the @ip-location-db npm packages the API depends on.
 * All offline: nothing is fetched. Missing parts load as empty (geo() then answers null).
 */
export async function loadThreatIntel(
  dir: string,
  options: { packageGeo?: boolean } = {},
): Promise<ThreatIntel> {
  const feeds: ReputationFeed[] = [];
  const feedDir = join(dir, "reputation");
  if (existsSync(feedDir)) {
    for (const file of (await readdir(feedDir)).filter((f) => FEED_FILE.test(f)).sort()) {
      feeds.push(parseReputationFeed(await readFile(join(feedDir, file), "utf8"), file));
    }
  }
  const located = locateGeoFiles(dir, options.packageGeo ?? true);
  const geo = located ? await GeoDatabase.load(located.files) : null;
  return {
    reputation(ip) {
      const key = ipKey(ip);
      if (!key) return { knownBad: false, lists: [] };
      const lists = feeds
        .filter((feed) => (key.version === 4 ? feed.v4.find(key.value) : feed.v6.find(key.value)) >= 0)
        .map((feed) => ({ list: feed.name, category: feed.category }));
      return { knownBad: lists.length > 0, lists };
    },
    geo(ip) {
      const key = ipKey(ip);
      return key && geo ? geo.lookup(key) : null;
    },
    feeds: feeds.map(({ name, category, entries, invalidLines }) => ({
      name,
      category,
      entries,
      invalidLines,
    })),
    geoSource: located?.source ?? null,
  };
}

function locateGeoFiles(dir: string, usePackages: boolean): { files: GeoFiles; source: string } | null {
  const geoDir = join(dir, "geo");
  if (existsSync(geoDir)) {
    const pick = (prefix: string) =>
      ["ipv4", "ipv6"].map((v) => join(geoDir, `${prefix}-${v}.csv`)).filter((path) => existsSync(path));
    return { files: { country: pick("country"), asn: pick("asn") }, source: geoDir };
  }
  if (!usePackages) return null;
  try {
    const require = createRequire(import.meta.url);
    const countryDir = dirname(require.resolve("@ip-location-db/geo-whois-asn-country/package.json"));
    const asnDir = dirname(require.resolve("@ip-location-db/asn/package.json"));
    return {
      files: {
        country: ["ipv4", "ipv6"].map((v) => join(countryDir, `geo-whois-asn-country-${v}-num.csv`)),
        asn: ["ipv4", "ipv6"].map((v) => join(asnDir, `asn-${v}-num.csv`)),
      },
      source: "@ip-location-db packages",
    };
  } catch {
    return null;
  }
}
