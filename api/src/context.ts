import type { PubSub } from "graphql-yoga";
import { type AuditRecord, appendAudit, type Tx } from "./audit/audit-recorder.ts";
import { Access } from "./auth/access.ts";
import type { ApiKeyCache } from "./auth/api-key-cache.ts";
import { type Actor, actorOf, type Principal } from "./auth/principal.ts";
import type { RateLimiter } from "./auth/rate-limiter.ts";
import type { TxtLookup } from "./branding/dns-txt.ts";
import type { StatusPageHook } from "./branding/status-page-hook.ts";
import type { IncidentClassifier } from "./classification/incident-classifier.ts";
import type { Config } from "./config.ts";
import type { Database } from "./db/database.ts";
import type { DetectionEngine } from "./detection/detection-engine.ts";
import { ConflictError } from "./errors.ts";
import type { FileEvidenceStore } from "./evidence/evidence-store.ts";
import type { JobQueue } from "./jobs/index.ts";
import type { Logger } from "./logging/logger.ts";
import type { SecretBox } from "./secrets/secret-box.ts";
import type { SampleWriter } from "./telemetry/sample-writer.ts";
import type { Topics } from "./topics.ts";

/** Long-lived parts shared by every request; built once by createServer. */
export interface AppServices {
  config: Config;
  database: Database;
  pubsub: PubSub<Topics>;
  jobs: JobQueue;
  logger: Logger;
  /** API keys verified in the last seconds (cleared whenever a key is revoked or unbound). */
  keyCache: ApiKeyCache;
  /** Operations per caller per minute (HTTP and graphql-ws alike); sign-in attempts per account and per address. */
  rateLimits: { requests: RateLimiter; logins: RateLimiter; loginsPerAddress: RateLimiter };
  /** Packet-capture files of incidents. */
  evidence: FileEvidenceStore;
  /** Encryption at rest for stored credentials (channel tokens, provider keys). */
  secrets: SecretBox;
  /** Ingest pipeline: per-sample detection and the write-behind sample buffer. */
  telemetry: { detection: DetectionEngine; writer: SampleWriter; classification: IncidentClassifier };
  /** TXT look-ups that verify custom domains (LEVEE_DNS_SERVERS; tests pass their own DNS server). */
  dnsTxt: TxtLookup;
  /** Where branding meets status pages (branding/status-page-hook.ts). */
  statusPages: StatusPageHook;
}

export interface RequestInfo {
  ip: string | null;
  userAgent: string | null;
}

/** Per request (HTTP) or per connection (graphql-ws). */
export interface GraphQLContext extends AppServices {
  db: Database["prisma"];
  principal: Principal;
  access: Access;
  request: RequestInfo;
  /** `Type:id` of objects a service handed to a caller no role covers (see grantRead). */
  readGrants: Set<string>;
  /** Queue a Set-Cookie header for the HTTP response (ignored on WebSocket connections). */
  setCookie(cookie: string): void;
  /** Run fn in one transaction with an audit recorder bound to the caller (or the actor given). */
  mutate<T>(
    fn: (tx: Tx, audit: (record: AuditRecord) => Promise<void>) => Promise<T>,
    actor?: Actor,
  ): Promise<T>;
}

export function buildContext(
  services: AppServices,
  principal: Principal,
  request: RequestInfo,
  setCookie: (cookie: string) => void = () => {},
): GraphQLContext {
  const db = services.database.prisma;
  const actor = actorOf(principal);
  const access = new Access(db, principal);
  return {
    ...services,
    db,
    principal,
    access,
    request,
    readGrants: new Set(),
    setCookie,
    mutate: async (fn, as = actor) => {
      const result = await db
        .$transaction((tx) => fn(tx, (record) => appendAudit(tx, as, request.ip, record)))
        .catch(uniqueToConflict);
      access.refresh(); // what the answer shows is checked against the roles as they are now
      return result;
    },
  };
}

/**
 * Services check names and slugs before writing, but two requests can race past that check;
 * the database's unique index then decides, and the loser gets CONFLICT, not an internal error.
 */
function uniqueToConflict(error: unknown): never {
  if ((error as { code?: string })?.code === "P2002") {
    throw new ConflictError(
      "That name is already taken (another request created it a moment ago); pick another",
    );
  }
  throw error;
}
