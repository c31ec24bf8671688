// The incident list's filters live in the URL (?status=OPEN&severity=HIGH,CRITICAL&family=SYN_FLOOD&node=…&since=24h),
// so a filtered view can be shared and exported. Parsing is strict: unknown values are dropped, not sent.
import type { AttackFamily, IncidentFilter, IncidentStatus, Severity } from "@/lib/graphql/generated/graphql";
import { FAMILY_LABEL } from "./families";

export const SEVERITIES: readonly Severity[] = ["LOW", "MEDIUM", "HIGH", "CRITICAL"];
export const WINDOWS = { "1h": 3600, "24h": 86_400, "7d": 604_800, "30d": 2_592_000 } as const;
export type WindowId = keyof typeof WINDOWS;

export interface IncidentListFilters {
  status: IncidentStatus | null;
  severities: Severity[];
  family: string | null;
  nodeId: string | null;
  window: WindowId | null;
}

type Params = Readonly<Record<string, string | string[] | undefined>>;
const one = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value) ?? "";

export function parseIncidentFilters(params: Params): IncidentListFilters {
  const status = one(params.status);
  const window = one(params.since);
  const family = one(params.family);
  return {
    status: status === "OPEN" || status === "RESOLVED" ? status : null,
    severities: one(params.severity)
      .split(",")
      .filter((s): s is Severity => (SEVERITIES as readonly string[]).includes(s)),
    family: family === "UNCLASSIFIED" || family in FAMILY_LABEL ? family : null,
    nodeId: one(params.node) || null,
    window: window in WINDOWS ? (window as WindowId) : null,
  };
}

/** The filter as the API takes it: all of it, family included, so paging and the CSV see the same rows. */
export function apiFilter(filters: IncidentListFilters, now: number = Date.now()): IncidentFilter {
  return {
    ...(filters.status ? { status: filters.status } : {}),
    ...(filters.severities.length ? { severities: filters.severities } : {}),
    ...(filters.nodeId ? { nodeId: filters.nodeId } : {}),
    ...(filters.window ? { since: new Date(now - WINDOWS[filters.window] * 1000).toISOString() } : {}),
    ...(filters.family === "UNCLASSIFIED"
      ? { unclassified: true }
      : filters.family
        ? { families: [filters.family as AttackFamily] }
        : {}),
  };
}
