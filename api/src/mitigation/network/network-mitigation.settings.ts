import { z } from "zod";

/**
 * Deployment-operator settings (environment). The operator, not a workspace, decides which
 * prefixes may ever be announced and which speaker endpoints and provider URLs Levee may use:
 * a workspace admin can then only pick among them.
 */
const list = z.string().transform((value) =>
  value
    .split(",")
    .map((item) => item.trim())
    .filter(Boolean),
);

export const networkMitigationEnv = {
  NETWORK_MITIGATION_ALLOWED_PREFIXES: list.optional(),
  NETWORK_MITIGATION_SPEAKER_ENDPOINTS: list.optional(),
  NETWORK_MITIGATION_PROVIDER_BASE_URLS: list.optional(),
  NETWORK_MITIGATION_RECONCILE_SECONDS: z.coerce.number().int().min(1).max(3600).default(30),
  NETWORK_MITIGATION_GLOBAL_ANNOUNCEMENTS_PER_MINUTE: z.coerce
    .number()
    .int()
    .min(0)
    .max(100_000)
    .default(200),
  // Percent of the platform-wide window one workspace may hold (100: no share).
  NETWORK_MITIGATION_GLOBAL_WORKSPACE_SHARE: z.coerce.number().int().min(1).max(100).default(50),
};

export interface NetworkMitigationSettings {
  /** Prefixes the operator's upstream sessions accept from Levee: declared prefixes inside them verify. */
  allowedPrefixes: string[];
  /** gRPC targets allowed as they are, and folders (ending in "/") for ExaBGP pipes and BIRD files. */
  speakerEndpoints: string[];
  /** Base URLs a provider may be pointed at instead of its public API (proxies, tests). */
  providerBaseUrls: string[];
  reconcileMs: number;
  /** First announcements a minute, every workspace together (0: no platform-wide window). */
  globalAnnouncementsPerMinute: number;
  /** Percent of that window one workspace may hold, others waiting or not (100: no share). */
  globalWorkspaceSharePercent: number;
}

export function networkMitigationSettings(e: {
  NETWORK_MITIGATION_ALLOWED_PREFIXES?: string[];
  NETWORK_MITIGATION_SPEAKER_ENDPOINTS?: string[];
  NETWORK_MITIGATION_PROVIDER_BASE_URLS?: string[];
  NETWORK_MITIGATION_RECONCILE_SECONDS: number;
  NETWORK_MITIGATION_GLOBAL_ANNOUNCEMENTS_PER_MINUTE: number;
  NETWORK_MITIGATION_GLOBAL_WORKSPACE_SHARE: number;
}): NetworkMitigationSettings {
  return {
    allowedPrefixes: e.NETWORK_MITIGATION_ALLOWED_PREFIXES ?? [],
    speakerEndpoints: e.NETWORK_MITIGATION_SPEAKER_ENDPOINTS ?? [],
    providerBaseUrls: (e.NETWORK_MITIGATION_PROVIDER_BASE_URLS ?? []).map((u) => u.replace(/\/$/, "")),
    reconcileMs: e.NETWORK_MITIGATION_RECONCILE_SECONDS * 1000,
    globalAnnouncementsPerMinute: e.NETWORK_MITIGATION_GLOBAL_ANNOUNCEMENTS_PER_MINUTE,
    globalWorkspaceSharePercent: e.NETWORK_MITIGATION_GLOBAL_WORKSPACE_SHARE,
  };
}

/** Whether a speaker endpoint (gRPC target or file path) is one the operator allowed. */
export function endpointAllowed(settings: NetworkMitigationSettings, endpoint: string): boolean {
  if (endpoint.includes("..")) return false;
  return settings.speakerEndpoints.some((allowed) =>
    allowed.endsWith("/")
      ? endpoint.startsWith(allowed) || endpoint.startsWith(`unix://${allowed}`)
      : endpoint === allowed,
  );
}
