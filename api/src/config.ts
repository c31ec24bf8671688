import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { z } from "zod";
import { type AlertConfig, alertConfigOf, alertEnvSchema } from "./alerts/alert-config.ts";
import { type BrandingConfig, brandingConfigOf, brandingEnvSchema } from "./branding/branding-config.ts";
import { ThemeError } from "./branding/theme-file.ts";
import type { DetectionSettings } from "./detection/detection-settings.ts";
import { DEFAULT_FLOORS } from "./detection/metrics.ts";
import { MAX_TIMELINE_POINTS } from "./incidents/timeline.ts";
import {
  type NetworkMitigationSettings,
  networkMitigationEnv,
  networkMitigationSettings,
} from "./mitigation/network/network-mitigation.settings.ts";
import { parseSecretKey } from "./secrets/secret-box.ts";
import type { TierStorage } from "./telemetry/tier-storage.ts";

/** Repository root (api/src/config.ts → ../..), the anchor for default on-disk paths. */
export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");

const port = z.coerce.number().int().min(1).max(65535);
const positiveInt = z.coerce.number().int().positive();
const nonNegative = z.coerce.number().min(0);
const fraction = z.coerce.number().gt(0).lt(1);
const bool = z.enum(["true", "false", "1", "0"]).transform((v) => v === "true" || v === "1");
const secretKey = z.string().refine((value) => parseSecretKey(value) !== undefined, {
  message: "must be 32 bytes, as 64 hex characters or base64",
});
const url = (protocols: string[]) =>
  z.url().refine((value) => protocols.includes(new URL(value).protocol), {
    message: `must be a ${protocols.map((p) => p.replace(":", "://")).join(" or ")} URL`,
  });

const commaList = z.string().transform((value) =>
  value
    .split(",")
    .map((part) => part.trim())
    .filter(Boolean),
);

const envSchema = z.object({
  HOST: z.string().min(1).default("0.0.0.0"),
  PORT: port.default(4000),
  DATABASE_URL: url(["postgres:", "postgresql:"]).optional(),
  DATABASE_POOL_SIZE: positiveInt.max(200).default(10),
  // Connections of the pool heavy GraphQL operations may use at once (0: no cap); db/heavy-work.ts.
  DATABASE_HEAVY_CONNECTIONS: z.coerce.number().int().min(0).max(200).default(2),
  LEVEE_DATA_DIR: z.string().min(1).optional(),
  REDIS_URL: url(["redis:", "rediss:"]).optional(),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  SESSION_TTL_HOURS: positiveInt.max(24 * 365).default(24 * 14),
  COOKIE_SECURE: bool.optional(),
  MAX_BODY_BYTES: positiveInt.default(4 * 1024 * 1024),
  // Bytes a graphql-ws socket may have waiting to be written before it is closed as too slow (1013).
  WS_SEND_BUFFER_BYTES: positiveInt.default(1024 * 1024),
  // Agents' operations the process's graphql-ws sockets may have at work at once (a soft cap: the
  // read that crosses it is handled, so up to about one more per agent socket); past it, agent
  // sockets that send more are not read until some end (http/agent-load.ts AgentLoad).
  WS_PROCESS_MAX_OPERATIONS: positiveInt.default(512),
  API_THREADS: positiveInt.max(64).default(1),
  SHUTDOWN_DRAIN_SECONDS: positiveInt.default(5),
  RATE_LIMIT_PER_MINUTE: positiveInt.default(1200),
  // …and at most this many in any one second (the minute's allowance is not one burst); 0: off.
  RATE_LIMIT_PER_SECOND: z.coerce.number().int().min(0).default(60),
  // A refused request (429 / RATE_LIMITED) is answered after this long, so a flood waits too.
  RATE_LIMIT_HOLD_MS: z.coerce.number().int().min(0).max(10_000).default(1000),
  // A read of a public status page is answered from memory this long (one computation per page a
  // period, whoever floods it). Half a second: the web app keeps the page a second too, and the
  // two add up in how late an attack shows on the page. 0: computed for every reader.
  STATUS_PAGE_CACHE_MS: z.coerce.number().int().min(0).max(60_000).default(500),
  GRAPHQL_MAX_DEPTH: positiveInt.max(50).default(12),
  GRAPHQL_MAX_COST: positiveInt.default(100_000),
  // Heavy operations (over a tenth of GRAPHQL_MAX_COST) one caller may have running or waiting.
  GRAPHQL_HEAVY_PER_CALLER: positiveInt.max(64).default(2),
  // Percent of the process's time heavy operations may take back to back (the rest is ordinary work's).
  GRAPHQL_HEAVY_SHARE_PERCENT: z.coerce.number().int().min(1).max(100).default(25),
  // Query cost one caller may spend per second on operations below the heavy threshold; 0: off.
  GRAPHQL_COST_PER_SECOND: z.coerce.number().int().min(0).default(10_000),
  GRAPHQL_MAX_ALIASES: positiveInt.default(30),
  GRAPHQL_MAX_LIST: positiveInt.max(10_000).default(256),
  LOGIN_MAX_ATTEMPTS: positiveInt.max(1000).default(10),
  // Status page subscription requests an hour, all tenants together, whose confirmation would leave
  // through SMTP_URL (the platform's own sender): a tenant names its page, and that name is in them.
  STATUS_SUBSCRIBES_VIA_PLATFORM_PER_HOUR: positiveInt.max(1_000_000).default(300),
  // E-mails about one node a status page's subscribers get in any hour; a flapping node's further
  // incident events are folded into one digest e-mail once the hour allows another.
  STATUS_NODE_MAILS_PER_HOUR: positiveInt.max(1000).default(3),
  ALLOWED_ORIGINS: commaList
    .pipe(
      z.array(
        z
          .url()
          .refine(
            (origin) => new URL(origin).origin === origin,
            "must be a bare origin like https://levee.example.com",
          ),
      ),
    )
    .optional(),
  WEB_PORT: port.default(3000),
  GRAPHIQL: bool.optional(),
  NODE_OFFLINE_AFTER_SECONDS: positiveInt.default(90),
  // The sweep reads node.lastSeenAt, which a live agent's reports refresh only every 30 s at most
  // (nodes/node-status.ts touchPeriodMs): a shorter window closed the incidents of reporting nodes.
  INCIDENT_STALE_AFTER_SECONDS: positiveInt
    .min(60, "must be at least 60 (a live node's lastSeenAt is written every 30 s)")
    .default(600),
  SIGNUP_MODE: z.enum(["open", "invite"]).default("open"),
  TRUST_PROXY: commaList
    .pipe(
      z.union([
        z.tuple([z.enum(["true", "false", "1", "0"])]).transform(([v]) => v === "true" || v === "1"),
        z.array(z.union([z.ipv4(), z.ipv6()])).min(1),
      ]),
    )
    .optional(),
  TELEMETRY_RETENTION_DAYS: positiveInt.max(3650).default(30),
  TELEMETRY_FLUSH_MS: positiveInt.max(100).default(10),
  TELEMETRY_MAX_AGE_HOURS: positiveInt.max(24 * 7).default(24),
  TELEMETRY_MAX_FUTURE_SECONDS: positiveInt.max(3600).default(60),
  TELEMETRY_CHUNK_HOURS: positiveInt.max(24 * 31).default(24),
  ROLLUP_MINUTE_REFRESH_SECONDS: positiveInt.max(300).default(30),
  ROLLUP_MINUTE_RETENTION_DAYS: positiveInt.max(3650).default(90),
  ROLLUP_MINUTE_CHUNK_DAYS: positiveInt.max(365).default(7),
  ROLLUP_HOUR_RETENTION_DAYS: z.coerce.number().int().min(0).max(36_500).default(0),
  ROLLUP_HOUR_CHUNK_DAYS: positiveInt.max(3650).default(70),
  DETECTION_FLOOR_PPS: nonNegative.default(DEFAULT_FLOORS.PPS),
  DETECTION_FLOOR_BPS: nonNegative.default(DEFAULT_FLOORS.BPS),
  DETECTION_FLOOR_TCP_PPS: nonNegative.default(DEFAULT_FLOORS.TCP_PPS),
  DETECTION_FLOOR_UDP_PPS: nonNegative.default(DEFAULT_FLOORS.UDP_PPS),
  DETECTION_FLOOR_ICMP_PPS: nonNegative.default(DEFAULT_FLOORS.ICMP_PPS),
  DETECTION_FLOOR_SYN_RECV: nonNegative.default(DEFAULT_FLOORS.SYN_RECV),
  DETECTION_FLOOR_TCP_ESTABLISHED: nonNegative.default(DEFAULT_FLOORS.TCP_ESTABLISHED),
  DETECTION_FLOOR_TCP_SOCKETS: nonNegative.default(DEFAULT_FLOORS.TCP_SOCKETS),
  DETECTION_FLOOR_SYN_COOKIES: nonNegative.default(DEFAULT_FLOORS.SYN_COOKIES),
  DETECTION_ELEVATED_FRACTION: fraction.default(0.5),
  DETECTION_RESOLVE_FRACTION: fraction.default(0.8),
  DETECTION_QUIET_SECONDS: positiveInt.max(3600).default(30),
  BASELINE_RECOMPUTE_SECONDS: positiveInt.max(3600).default(30),
  BASELINE_SAVE_SECONDS: positiveInt.max(86_400).default(300),
  THREAT_INTEL_DIR: z.string().min(1).optional(),
  LEVEE_LOCAL_AGENT_TOKEN_FILE: z.string().min(1).optional(),
  EVIDENCE_DIR: z.string().min(1).optional(),
  EVIDENCE_MAX_BYTES: positiveInt.default(64 * 1024 * 1024),
  EVIDENCE_SIGNING_KEY: z.string().min(32, "must be at least 32 characters").optional(),
  PUBLIC_API_URL: url(["http:", "https:"]).optional(),
  LEVEE_BOOTSTRAP_EMAIL: z.email().optional(),
  LEVEE_BOOTSTRAP_PASSWORD: z.string().min(12).optional(),
  LEVEE_SECRET_KEY: secretKey.optional(),
  ...networkMitigationEnv,
  LEVEE_SECRET_KEYS_PREVIOUS: z
    .string()
    .transform((value) =>
      value
        .split(",")
        .map((key) => key.trim())
        .filter(Boolean),
    )
    .pipe(z.array(secretKey))
    .optional(),
  ...alertEnvSchema,
  ...brandingEnvSchema,
});

export interface Config {
  host: string;
  port: number;
  database:
    | { kind: "postgres"; url: string; poolSize: number; heavyConnections?: number }
    | { kind: "pglite"; dataDir: string };
  redisUrl: string | undefined;
  logLevel: string;
  sessionTtlMs: number;
  cookieSecure: boolean;
  maxBodyBytes: number;
  /** Per graphql-ws socket: bytes waiting to be written past which the client is closed (1013). */
  wsSendBufferBytes: number;
  /** Agents' operations at work over all of this process's graphql-ws sockets (back-pressure past it). */
  wsProcessMaxOperations: number;
  /**
   * Event loops serving the port in this process (threads/thread-supervisor.ts): each a whole API
   * on its own thread, all accepting on one listening socket; above 1 only with PostgreSQL and Redis.
   */
  threads: number;
  /** On SIGTERM: how long requests and socket operations already started may take to finish. */
  shutdownDrainMs: number;
  rateLimitPerMinute: number;
  /** Status page subscription requests an hour, all tenants together, mailed through SMTP_URL. */
  statusSubscribesViaPlatformPerHour: number;
  /** E-mails about one node a status page's subscribers get in any hour (then a digest). */
  statusNodeMailsPerHour: number;
  /** Requests per caller in any one second (0: no such limit). */
  rateLimitPerSecond: number;
  /** How long a refused request's answer is held. */
  rateLimitHoldMs: number;
  graphql: {
    maxDepth: number;
    maxCost: number;
    /** Heavy operations (cost over maxCost / 10) one caller may have running or waiting at once. */
    heavyPerCaller: number;
    /** Of the process's time, the most heavy operations may take back to back (0–1]. */
    heavyShare: number;
    /** Query cost per caller per second below the heavy threshold (0: off). */
    costPerSecond: number;
    maxAliases: number;
    /** Longest list an argument may hold (nodes(ids:) 100, reportTelemetry 2000). */
    maxListLength: number;
    graphiql: boolean;
    /** An anonymous read of a public status page is answered from memory this long (0: off). */
    statusPageCacheMs: number;
  };
  /** Failed or not, sign-in attempts per account per 15 minutes before RATE_LIMITED. */
  loginMaxAttempts: number;
  /** Browser origins allowed to call the API (CORS, mutations, graphql-ws); the API's own origin always is. */
  allowedOrigins: string[];
  nodeOfflineAfterMs: number;
  /** An open incident whose agent has sent nothing for this long is closed by the stale sweep. */
  incidentStaleAfterMs: number;
  /** open: anyone reaching the API may create an account (and only their own workspaces); invite: an invitation token is required. */
  signupMode: "open" | "invite";
  /**
   * Whose X-Forwarded-For to believe: false (nobody), true (any peer: only when the API is
   * reachable through your proxy alone), or the proxies' addresses.
   */
  trustProxy: boolean | string[];
  bootstrap: { email: string | undefined; password: string | undefined };
  telemetry: {
    retentionDays: number;
    flushMs: number;
    maxAgeMs: number;
    maxFutureMs: number;
    /** How often the minute rollups are refreshed (ROLLUP_MINUTE_REFRESH_SECONDS). */
    minuteRefreshMs: number;
    storage: TierStorage;
  };
  /** Packet captures: where files go, the largest accepted, the URL signing key (else one kept in the database). */
  evidence: {
    dir: string;
    maxBytes: number;
    signingKey: string | undefined;
    publicApiUrl: string | undefined;
  };
  /** Reputation feeds (reputation/) and optionally a geo/ASN database (geo/); see threat-intel/README.md. */
  threatIntelDir: string;
  /** Embedded start: where to leave a one-time enrolment token for the local agent. */
  localAgentTokenFile: string | undefined;
  detection: DetectionSettings;
  /**
   * Key of stored secrets (secrets/secret-box.ts): LEVEE_SECRET_KEY, else on the embedded
   * engine a key file generated beside the data folder; previous keys still open old values.
   */
  secrets: { key: Buffer | undefined; previous: Buffer[]; keyFile: string | undefined };
  alerts: AlertConfig;
  /** BGP FlowSpec/RTBH and cloud scrubbing: what the deployment operator allows (mitigation/network). */
  networkMitigation: NetworkMitigationSettings;
  /** Themes (validated at start-up), the deployment's own hosts, DNS servers for custom domains. */
  branding: BrandingConfig;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "ConfigError";
  }
}

/** Reads the environment once; every bad value is reported together in one ConfigError. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = envSchema.safeParse(
    Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== "")),
  );
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`));
  }
  const e = parsed.data;
  // Threads share nothing but the port: the embedded database lives in one thread's memory and
  // in-process pub/sub reaches one thread's subscribers, so they need PostgreSQL and Redis.
  if (e.API_THREADS > 1 && !(e.DATABASE_URL && e.REDIS_URL))
    throw new ConfigError([
      `API_THREADS: ${e.API_THREADS} threads need DATABASE_URL and REDIS_URL (use 1 embedded)`,
    ]);
  const production = env.NODE_ENV === "production";
  // Default: the web app of `npm start` (its /graphql proxy checks its own origin itself).
  const allowedOrigins = e.ALLOWED_ORIGINS ?? [
    `http://localhost:${e.WEB_PORT}`,
    `http://127.0.0.1:${e.WEB_PORT}`,
  ];
  const alerts = alertConfigOf(e);
  let branding: BrandingConfig;
  try {
    branding = brandingConfigOf(e, join(repoRoot, "themes"), [...allowedOrigins, alerts.webUrl]);
  } catch (error) {
    if (error instanceof ThemeError) throw new ConfigError([error.message]);
    throw error;
  }
  return {
    host: e.HOST,
    port: e.PORT,
    database: e.DATABASE_URL
      ? {
          kind: "postgres",
          url: e.DATABASE_URL,
          poolSize: e.DATABASE_POOL_SIZE,
          heavyConnections: e.DATABASE_HEAVY_CONNECTIONS,
        }
      : { kind: "pglite", dataDir: resolveDataDir(e.LEVEE_DATA_DIR) },
    redisUrl: e.REDIS_URL,
    logLevel: e.LOG_LEVEL,
    sessionTtlMs: e.SESSION_TTL_HOURS * 3_600_000,
    cookieSecure: e.COOKIE_SECURE ?? production,
    maxBodyBytes: e.MAX_BODY_BYTES,
    wsSendBufferBytes: e.WS_SEND_BUFFER_BYTES,
    wsProcessMaxOperations: e.WS_PROCESS_MAX_OPERATIONS,
    threads: e.API_THREADS,
    shutdownDrainMs: e.SHUTDOWN_DRAIN_SECONDS * 1000,
    rateLimitPerMinute: e.RATE_LIMIT_PER_MINUTE,
    statusSubscribesViaPlatformPerHour: e.STATUS_SUBSCRIBES_VIA_PLATFORM_PER_HOUR,
    statusNodeMailsPerHour: e.STATUS_NODE_MAILS_PER_HOUR,
    rateLimitPerSecond: e.RATE_LIMIT_PER_SECOND,
    rateLimitHoldMs: e.RATE_LIMIT_HOLD_MS,
    graphql: {
      maxDepth: e.GRAPHQL_MAX_DEPTH,
      maxCost: e.GRAPHQL_MAX_COST,
      heavyPerCaller: e.GRAPHQL_HEAVY_PER_CALLER,
      heavyShare: e.GRAPHQL_HEAVY_SHARE_PERCENT / 100,
      costPerSecond: e.GRAPHQL_COST_PER_SECOND,
      maxAliases: e.GRAPHQL_MAX_ALIASES,
      maxListLength: e.GRAPHQL_MAX_LIST,
      graphiql: e.GRAPHIQL ?? !production,
      statusPageCacheMs: e.STATUS_PAGE_CACHE_MS,
    },
    loginMaxAttempts: e.LOGIN_MAX_ATTEMPTS,
    allowedOrigins,
    nodeOfflineAfterMs: e.NODE_OFFLINE_AFTER_SECONDS * 1000,
    incidentStaleAfterMs: e.INCIDENT_STALE_AFTER_SECONDS * 1000,
    signupMode: e.SIGNUP_MODE,
    trustProxy: e.TRUST_PROXY ?? false,
    bootstrap: { email: e.LEVEE_BOOTSTRAP_EMAIL, password: e.LEVEE_BOOTSTRAP_PASSWORD },
    telemetry: {
      retentionDays: e.TELEMETRY_RETENTION_DAYS,
      flushMs: e.TELEMETRY_FLUSH_MS,
      maxAgeMs: e.TELEMETRY_MAX_AGE_HOURS * 3_600_000,
      maxFutureMs: e.TELEMETRY_MAX_FUTURE_SECONDS * 1000,
      minuteRefreshMs: e.ROLLUP_MINUTE_REFRESH_SECONDS * 1000,
      storage: {
        rawChunkHours: e.TELEMETRY_CHUNK_HOURS,
        rawRetentionDays: e.TELEMETRY_RETENTION_DAYS,
        minuteChunkDays: e.ROLLUP_MINUTE_CHUNK_DAYS,
        minuteRetentionDays: e.ROLLUP_MINUTE_RETENTION_DAYS,
        hourChunkDays: e.ROLLUP_HOUR_CHUNK_DAYS,
        hourRetentionDays: e.ROLLUP_HOUR_RETENTION_DAYS,
      },
    },
    localAgentTokenFile: e.LEVEE_LOCAL_AGENT_TOKEN_FILE ? resolve(e.LEVEE_LOCAL_AGENT_TOKEN_FILE) : undefined,
    threatIntelDir: resolve(e.THREAT_INTEL_DIR ?? join(repoRoot, "threat-intel")),
    evidence: {
      dir: resolveEvidenceDir(e.EVIDENCE_DIR, e.LEVEE_DATA_DIR),
      maxBytes: e.EVIDENCE_MAX_BYTES,
      signingKey: e.EVIDENCE_SIGNING_KEY,
      publicApiUrl: e.PUBLIC_API_URL?.replace(/\/$/, ""),
    },
    networkMitigation: networkMitigationSettings(e),
    secrets: {
      key: e.LEVEE_SECRET_KEY ? parseSecretKey(e.LEVEE_SECRET_KEY) : undefined,
      previous: (e.LEVEE_SECRET_KEYS_PREVIOUS ?? []).flatMap((key) => parseSecretKey(key) ?? []),
      keyFile: secretKeyFile(e.DATABASE_URL, e.LEVEE_DATA_DIR),
    },
    alerts,
    branding,
    detection: {
      floors: {
        PPS: e.DETECTION_FLOOR_PPS,
        BPS: e.DETECTION_FLOOR_BPS,
        TCP_PPS: e.DETECTION_FLOOR_TCP_PPS,
        UDP_PPS: e.DETECTION_FLOOR_UDP_PPS,
        ICMP_PPS: e.DETECTION_FLOOR_ICMP_PPS,
        SYN_RECV: e.DETECTION_FLOOR_SYN_RECV,
        TCP_ESTABLISHED: e.DETECTION_FLOOR_TCP_ESTABLISHED,
        TCP_SOCKETS: e.DETECTION_FLOOR_TCP_SOCKETS,
        SYN_COOKIES: e.DETECTION_FLOOR_SYN_COOKIES,
      },
      elevatedFraction: e.DETECTION_ELEVATED_FRACTION,
      detector: {
        quietSeconds: e.DETECTION_QUIET_SECONDS,
        resolveFraction: e.DETECTION_RESOLVE_FRACTION,
        maxTimelinePoints: MAX_TIMELINE_POINTS,
      },
      recomputeSeconds: e.BASELINE_RECOMPUTE_SECONDS,
      saveSeconds: e.BASELINE_SAVE_SECONDS,
    },
  };
}

/** Captures sit beside the embedded data (./.levee/evidence); with an in-memory database, in the temp dir. */
function resolveEvidenceDir(value: string | undefined, dataDir: string | undefined): string {
  if (value) return resolve(value);
  if (dataDir === "memory://") return join(tmpdir(), `levee-evidence-${process.pid}`);
  return resolve(repoRoot, ".levee", "evidence");
}

/** Embedded on disk: `<data dir>-secret.key`; in memory or on PostgreSQL: none (LEVEE_SECRET_KEY). */
function secretKeyFile(databaseUrl: string | undefined, dataDir: string | undefined): string | undefined {
  if (databaseUrl) return undefined;
  const dir = resolveDataDir(dataDir);
  return dir === "memory://" ? undefined : `${dir}-secret.key`;
}

/** `memory://` keeps the embedded database in memory (tests); relative paths resolve from the cwd. */
function resolveDataDir(value: string | undefined): string {
  if (value === "memory://") return value;
  return value ? resolve(value) : resolve(repoRoot, ".levee", "data");
}
