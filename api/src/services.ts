import type { ApiKeyCache } from "./auth/api-key-cache.ts";
import type { RateLimiter } from "./auth/rate-limiter.ts";
import type { TxtLookup } from "./branding/dns-txt.ts";
import type { StatusPageHook } from "./branding/status-page-hook.ts";
import type { IncidentClassifier } from "./classification/incident-classifier.ts";
import type { CoreServices } from "./core-services.ts";
import type { DetectionEngine } from "./detection/detection-engine.ts";
import type { FileEvidenceStore } from "./evidence/evidence.store.ts";
import type { SecretBox } from "./secrets/secret-box.ts";
import type { SampleWriter } from "./telemetry/sample-writer.ts";
import type { TrafficWatch } from "./telemetry/traffic-watch.ts";

export type { CoreServices } from "./core-services.ts";

/** Long-lived parts shared by every request; built once by createServer. */
export interface AppServices extends CoreServices {
  /** API keys verified in the last seconds (cleared whenever a key is revoked or unbound). */
  keyCache: ApiKeyCache;
  /** Operations per caller per minute (HTTP and graphql-ws alike); sign-in attempts per account and per address. */
  rateLimits: { requests: RateLimiter; logins: RateLimiter; loginsPerAddress: RateLimiter };
  /** Packet-capture files of incidents. */
  evidence: FileEvidenceStore;
  /** Encryption at rest for stored credentials (channel tokens, provider keys). */
  secrets: SecretBox;
  /** Ingest pipeline: per-sample detection and the write-behind sample buffer. */
  telemetry: {
    detection: DetectionEngine;
    writer: SampleWriter;
    classification: IncidentClassifier;
    /** Nodes with a live traffic subscriber somewhere; only those are published. */
    watch: TrafficWatch;
  };
  /** TXT look-ups that verify custom domains (LEVEE_DNS_SERVERS; tests pass their own DNS server). */
  dnsTxt: TxtLookup;
  /** Where branding meets status pages (branding/status-page-hook.ts). */
  statusPages: StatusPageHook;
}
