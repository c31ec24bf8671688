import type { Redis } from "ioredis";
import { ApiKeyCache } from "./auth/api-key-cache.ts";
import { ApiKeyLookup } from "./auth/api-key-lookup.ts";
import { createRateLimiter, type RateLimiter } from "./auth/rate-limiter.ts";
import { dnsTxtLookup, type TxtLookup } from "./branding/dns-txt.ts";
import { type StatusPageHook, statusPageHook } from "./branding/status-page-hook.ts";
import { IncidentClassifier } from "./classification/incident-classifier.ts";
import type { Config } from "./config.ts";
import type { CoreServices } from "./core-services.ts";
import { type Database, openDatabase } from "./db/database.ts";
import { GatheredLoader } from "./db/gathered-loader.ts";
import { DetectionEngine } from "./detection/detection-engine.ts";
import { FileEvidenceStore } from "./evidence/evidence.store.ts";
import { PublicReadCache } from "./http/public-read-cache.ts";
import { createJobQueue } from "./jobs/index.ts";
import { createLogger, type Logger } from "./logging/logger.ts";
import { type WantedAction, wantedActionsOfNodes } from "./mitigation/firewall/mitigation.store.ts";
import {
  type AnnouncementWindow,
  createAnnouncementWindow,
} from "./mitigation/network/announcement-window.ts";
import { recentAnnouncements } from "./mitigation/network/network-mitigation.store.ts";
import { EngineHealth } from "./observability/engine-health.ts";
import type { StartPhases } from "./observability/start-phases.ts";
import { createLeveePubSub } from "./pubsub/pubsub.ts";
import { quitWithin } from "./redis/answer-within.ts";
import { openSecretBox } from "./secrets/open-secret-box.ts";
import type { SecretBox } from "./secrets/secret-box.ts";
import { SampleWriter } from "./telemetry/sample-writer.ts";
import { applyChunkIntervals } from "./telemetry/storage-settings.ts";
import { TrafficWatch } from "./telemetry/traffic-watch.ts";
import type { Topics } from "./topics.ts";

export type { CoreServices } from "./core-services.ts";

/** Status page subscription requests admitted per client address per 15 minutes. */
export const SUBSCRIBES_PER_ADDRESS = 10;
/** Status page subscription requests admitted per page per hour. */
export const SUBSCRIBES_PER_PAGE = 100;
/** Confirmation e-mails sent to one address per hour, all pages of the deployment together. */
export const CONFIRMATIONS_PER_RECIPIENT = 5;
/** A status page's password attempts per client address, and per page, per 15 minutes (like sign-in's). */
export const UNLOCKS_PER_ADDRESS = 10;
export const UNLOCKS_PER_PAGE = 50;
/** "Forgot password" requests per address asked for (all requesters together) per hour. */
export const RESETS_PER_ACCOUNT = 5;
/** "Forgot password" requests per client address per 15 minutes. */
export const RESETS_PER_ADDRESS = 10;

/** Long-lived parts shared by every request; built once by createServices. */
export interface AppServices extends CoreServices {
  /** API keys verified in the last seconds (cleared whenever a key is revoked or unbound). */
  keyCache: ApiKeyCache;
  /** Operations per caller per minute (HTTP and graphql-ws alike); sign-in attempts per account and per address. */
  rateLimits: {
    requests: RateLimiter;
    logins: RateLimiter;
    loginsPerAddress: RateLimiter;
    /** Status page subscriptions (each sends a confirmation e-mail): per client address and per page. */
    subscribesPerAddress: RateLimiter;
    subscribesPerPage: RateLimiter;
    /** Confirmation e-mails per recipient (keyed by the address's sha256), every page together. */
    confirmationsPerRecipient: RateLimiter;
    subscribesViaPlatform: RateLimiter;
    /** Password attempts on protected status pages (unlockStatusPage): per client address and per page. */
    unlocksPerAddress: RateLimiter;
    unlocksPerPage: RateLimiter;
    /** "Forgot password" requests (each may mail a link): per client address and per address asked for. */
    passwordResetsPerAddress: RateLimiter;
    passwordResetsPerAccount: RateLimiter;
  };
  /**
   * Network mitigation's platform-wide window: first announcements a minute, every workspace
   * together (NETWORK_MITIGATION_GLOBAL_ANNOUNCEMENTS_PER_MINUTE), one workspace at most its share
   * of it (NETWORK_MITIGATION_GLOBAL_WORKSPACE_SHARE); in Redis when configured.
   */
  networkAnnouncements: AnnouncementWindow;
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
    /** The firewall actions each answer to an agent carries, loaded for many agents per query. */
    directives: GatheredLoader<WantedAction[]>;
  };
  /** TXT look-ups that verify custom domains (LEVEE_DNS_SERVERS; tests pass their own DNS server). */
  dnsTxt: TxtLookup;
  /** Where branding meets status pages (branding/status-page-hook.ts). */
  statusPages: StatusPageHook;
  /** Public status pages, each answer kept a moment and shared by every reader (STATUS_PAGE_CACHE_MS). */
  publicReads: PublicReadCache;
}

export interface ServiceOptions {
  logger?: Logger;
  /** A database the caller owns (tests share one); it is not closed with the services. */
  database?: Database;
  dnsTxt?: TxtLookup;
  /** Where the start's time goes (main.ts logs it). */
  phases?: StartPhases;
}

/** The long-lived parts, plus what only /healthz and shutdown need. */
export interface Composition {
  services: AppServices;
  redis: Redis | undefined;
  engineHealth: EngineHealth;
  /** Stops the engines, the queue, pub/sub and Redis (and the database when this opened it). Once. */
  close(deadlineMs: number): Promise<void>;
}

const TELEMETRY_WRITES = "telemetry writes";

/**
 * The one composition root: builds every long-lived part once, in dependency order. Engines get
 * the CoreServices they need; the HTTP layer and jobs are attached by server.ts.
 */
export async function createServices(config: Config, options: ServiceOptions = {}): Promise<Composition> {
  const logger = options.logger ?? createLogger(config.logLevel);
  const { phases } = options;
  const database =
    options.database ??
    (await openDatabase(config.database, { migrate: true, mark: phases?.mark.bind(phases) }));
  await applyChunkIntervals(database, config.telemetry.storage);
  phases?.mark("chunkIntervals");
  // ioredis (and below, BullMQ and the Redis pub/sub) only when Redis is configured.
  const redis = config.redisUrl
    ? new (await import("ioredis")).Redis(config.redisUrl, { lazyConnect: false, maxRetriesPerRequest: 2 })
    : undefined;
  redis?.on("error", (error) => logger.warn({ err: error.message }, "redis connection problem"));
  const { pubsub, close: closePubSub } = await createLeveePubSub<Topics>({
    redisUrl: config.redisUrl,
    logger,
  });
  const jobs = await createJobQueue({ redisUrl: config.redisUrl, logger, sql: database.sql });
  // Three failed writes in a row (not one unlucky call) make telemetry degraded; a job is
  // degraded once a run exhausted its attempts, until a later run of that job succeeds.
  const engineHealth = new EngineHealth({ [TELEMETRY_WRITES]: 3 });
  jobs.onOutcome((name, outcome, error) => {
    if (outcome === "completed") engineHealth.succeeded(`job ${name}`);
    else if (outcome === "failed") engineHealth.failed(`job ${name}`, error);
  });
  const writer = new SampleWriter(
    database.sql,
    {
      flushMs: config.telemetry.flushMs,
      maxBatch: 5000,
      timescale: database.timescale,
      onOutcome: (error) =>
        error === undefined
          ? engineHealth.succeeded(TELEMETRY_WRITES)
          : engineHealth.failed(TELEMETRY_WRITES, error),
    },
    logger.child({ component: "telemetry" }),
  );
  const core: CoreServices = { config, database, pubsub, jobs, logger };
  const keyCache = new ApiKeyCache(new ApiKeyLookup(database.sql));
  const services: AppServices = {
    ...core,
    keyCache,
    networkAnnouncements: createAnnouncementWindow({
      limit: config.networkMitigation.globalAnnouncementsPerMinute,
      sharePercent: config.networkMitigation.globalWorkspaceSharePercent,
      redis,
      recent: (since) => recentAnnouncements(database.prisma, since),
      onRedisError: (error) =>
        logger.warn(
          { err: error.message },
          "network mitigation: the platform-wide announcement window is counted per process while Redis is away",
        ),
    }),
    evidence: new FileEvidenceStore(config.evidence.dir),
    secrets: await openSecretBox(config),
    rateLimits: {
      requests: createRateLimiter(config.rateLimitPerMinute, redis, "levee", 60_000, {
        perSecond: config.rateLimitPerSecond,
        holdRefusalsMs: config.rateLimitHoldMs,
      }),
      // Per account (and per client address, 3×) per 15 minutes, failed or not: aliased guesses count each.
      logins: createRateLimiter(config.loginMaxAttempts, redis, "levee:login", 15 * 60_000),
      loginsPerAddress: createRateLimiter(config.loginMaxAttempts * 3, redis, "levee:login-ip", 15 * 60_000),
      // Each admitted request may send an e-mail to an address nobody verified yet: a few per visitor
      // address per 15 minutes, and a page's total per hour (one page cannot be made a mail cannon).
      subscribesPerAddress: createRateLimiter(
        SUBSCRIBES_PER_ADDRESS,
        redis,
        "levee:subscribe-ip",
        15 * 60_000,
      ),
      subscribesPerPage: createRateLimiter(SUBSCRIBES_PER_PAGE, redis, "levee:subscribe-page", 60 * 60_000),
      // A protected status page's password, guessed: per address and per page, failed or not, like sign-in.
      unlocksPerAddress: createRateLimiter(UNLOCKS_PER_ADDRESS, redis, "levee:unlock-ip", 15 * 60_000),
      unlocksPerPage: createRateLimiter(UNLOCKS_PER_PAGE, redis, "levee:unlock-page", 15 * 60_000),
      // A reset request may mail an inbox: a few per requester, and a few an hour to one address
      // whoever asks (requestPasswordReset keys it by the address's sha256).
      passwordResetsPerAddress: createRateLimiter(
        RESETS_PER_ADDRESS,
        redis,
        "levee:password-reset-ip",
        15 * 60_000,
      ),
      passwordResetsPerAccount: createRateLimiter(
        RESETS_PER_ACCOUNT,
        redis,
        "levee:password-reset-account",
        60 * 60_000,
      ),
      // The two above are per requester and per page: many requesters on many pages could still
      // point every page's confirmation at one victim's inbox.
      confirmationsPerRecipient: createRateLimiter(
        CONFIRMATIONS_PER_RECIPIENT,
        redis,
        "levee:subscribe-recipient",
        60 * 60_000,
      ),
      // And all requests mailed through SMTP_URL together: a tenant's page name rides in every
      // confirmation, and the platform's sender must not become many tenants' spam cannon.
      subscribesViaPlatform: createRateLimiter(
        config.statusSubscribesViaPlatformPerHour,
        redis,
        "levee:subscribe-platform",
        60 * 60_000,
      ),
    },
    telemetry: {
      writer,
      detection: new DetectionEngine(core),
      classification: new IncidentClassifier(core),
      watch: new TrafficWatch(pubsub, redis, logger.child({ component: "traffic-watch" })),
      directives: new GatheredLoader((nodeIds) => wantedActionsOfNodes(database.sql, nodeIds)),
    },
    dnsTxt: options.dnsTxt ?? dnsTxtLookup(config.branding.dnsServers),
    statusPages: statusPageHook,
    publicReads: new PublicReadCache(config.graphql.statusPageCacheMs),
  };
  await services.telemetry.watch.start();
  phases?.mark("services");
  // A revoked or unbound key must stop working on every instance at once.
  const credentialChanges = pubsub.subscribeUnbounded("credentialsChanged")[Symbol.asyncIterator]();
  void (async () => {
    for (let next = await credentialChanges.next(); !next.done; next = await credentialChanges.next()) {
      // One naming a user is about sessions or memberships: no key changed, no public answer.
      if (next.value.userId !== undefined) continue;
      keyCache.clear();
      // Announced when nodes or workspaces are deleted too: a page listing one must not show it on.
      services.publicReads.forget();
    }
  })().catch((error) => logger.error({ err: error }, "credential change subscription ended"));

  // A page changed on another instance: its kept public answer must not outlive the change here.
  const pageChanges = pubsub.subscribeUnbounded("statusPagesChanged")[Symbol.asyncIterator]();
  void (async () => {
    for (let next = await pageChanges.next(); !next.done; next = await pageChanges.next())
      services.publicReads.forget();
  })().catch((error) => logger.error({ err: error }, "status page change subscription ended"));

  let closing: Promise<void> | undefined;
  return {
    services,
    redis,
    engineHealth,
    close(deadlineMs) {
      closing ??= (async () => {
        await credentialChanges.return?.();
        await pageChanges.return?.();
        services.telemetry.watch.close();
        await services.telemetry.detection.close();
        await writer.close();
        await jobs.close(deadlineMs);
        await closePubSub();
        if (redis) await quitWithin(redis);
        if (!options.database) await database.close();
      })();
      return closing;
    },
  };
}
