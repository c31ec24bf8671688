import {
  createServer as createHttpServer,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from "node:http";
import type { AddressInfo } from "node:net";
import { EnvelopArmorPlugin } from "@escape.tech/graphql-armor";
import { createYoga, type YogaServerInstance } from "graphql-yoga";
import { Redis } from "ioredis";
import { registerAlertJobs, scheduleAlertJobs } from "./alerts/alert.jobs.ts";
import { ApiKeyCache } from "./auth/api-key-cache.ts";
import { admit, createRateLimiter } from "./auth/rate-limiter.ts";
import { deleteExpiredCredentials, SESSION_CLEANUP_JOB } from "./auth/session.jobs.ts";
import { dnsTxtLookup, type TxtLookup } from "./branding/dns-txt.ts";
import { statusPageHook } from "./branding/status-page-hook.ts";
import { IncidentClassifier } from "./classification/incident-classifier.ts";
import type { Config } from "./config.ts";
import { type AppServices, buildContext, type GraphQLContext } from "./context.ts";
import { type Database, openDatabase } from "./db/database.ts";
import { DetectionEngine } from "./detection/detection-engine.ts";
import { serveEvidence } from "./evidence/download.ts";
import { deleteExpiredEvidence, EVIDENCE_RETENTION_JOB } from "./evidence/evidence.jobs.ts";
import { FileEvidenceStore } from "./evidence/evidence.store.ts";
import { resolveCaller } from "./http/caller.ts";
import { errorCodesPlugin } from "./http/error-codes.ts";
import { attachGraphQLWebSocket } from "./http/graphql-ws.ts";
import { operationLimitsPlugin } from "./http/operation-limits.ts";
import { originAllowed, requestPolicyPlugin } from "./http/request-policy.ts";
import { createJobQueue } from "./jobs/index.ts";
import { createLogger, type Logger } from "./logging/logger.ts";
import { startNetworkMitigationJobs } from "./mitigation/network/network-mitigation.jobs.ts";
import { markSilentNodesOffline, NODE_OFFLINE_JOB } from "./nodes/node.jobs.ts";
import { EngineHealth } from "./observability/engine-health.ts";
import { checkHealth } from "./observability/health.ts";
import { createMetrics, registerJobMetrics } from "./observability/metrics.ts";
import { createLeveePubSub } from "./pubsub/pubsub.ts";
import { schema } from "./schema.ts";
import { openSecretBox } from "./secrets/open-secret-box.ts";
import { SampleWriter } from "./telemetry/sample-writer.ts";
import { applyChunkIntervals } from "./telemetry/storage-settings.ts";
import { registerTelemetryJobs, scheduleTelemetryJobs } from "./telemetry/telemetry.jobs.ts";
import { TrafficWatch } from "./telemetry/traffic-watch.ts";
import type { Topics } from "./topics.ts";

const TELEMETRY_WRITES = "telemetry writes";

export interface LeveeServer {
  services: AppServices;
  yoga: YogaServerInstance<Record<string, unknown>, GraphQLContext>;
  http: Server;
  listen(port?: number, host?: string): Promise<AddressInfo>;
  close(deadlineMs?: number): Promise<void>;
}

/**
 * Builds the whole API (database, pub/sub, jobs, GraphQL over HTTP and graphql-ws,
 * /healthz, /metrics) without binding a port: tests call `yoga.fetch` or `listen(0)`.
 */
export async function createServer(
  config: Config,
  options: { logger?: Logger; database?: Database; dnsTxt?: TxtLookup } = {},
): Promise<LeveeServer> {
  const logger = options.logger ?? createLogger(config.logLevel);
  const database = options.database ?? (await openDatabase(config.database));
  await applyChunkIntervals(database, config.telemetry.storage);
  const redis = config.redisUrl
    ? new Redis(config.redisUrl, { lazyConnect: false, maxRetriesPerRequest: 2 })
    : undefined;
  redis?.on("error", (error) => logger.warn({ err: error.message }, "redis connection problem"));
  const { pubsub, close: closePubSub } = createLeveePubSub<Topics>({ redisUrl: config.redisUrl, logger });
  const jobs = createJobQueue({ redisUrl: config.redisUrl, logger, sql: database.sql });
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
  const keyCache = new ApiKeyCache();
  const evidence = new FileEvidenceStore(config.evidence.dir);
  const secrets = await openSecretBox(config);
  const rateLimits = {
    requests: createRateLimiter(config.rateLimitPerMinute, redis),
    // Per account (and per client address, 3×) per 15 minutes, failed or not: aliased guesses count each.
    logins: createRateLimiter(config.loginMaxAttempts, redis, "levee:login", 15 * 60_000),
    loginsPerAddress: createRateLimiter(config.loginMaxAttempts * 3, redis, "levee:login-ip", 15 * 60_000),
  };
  const services = {
    config,
    database,
    pubsub,
    jobs,
    logger,
    keyCache,
    evidence,
    rateLimits,
    secrets,
    dnsTxt: options.dnsTxt ?? dnsTxtLookup(config.branding.dnsServers),
    statusPages: statusPageHook,
  } as AppServices;
  services.telemetry = {
    writer,
    detection: new DetectionEngine(services),
    classification: new IncidentClassifier(services),
    watch: new TrafficWatch(pubsub, redis, logger.child({ component: "traffic-watch" })),
  };
  await services.telemetry.watch.start();
  registerTelemetryJobs(services);
  registerAlertJobs(services);
  const credentialChanges = pubsub.subscribe("credentialsChanged")[Symbol.asyncIterator]();
  void (async () => {
    for (let next = await credentialChanges.next(); !next.done; next = await credentialChanges.next())
      keyCache.clear();
  })().catch((error) => logger.error({ err: error }, "credential change subscription ended"));

  jobs.register(NODE_OFFLINE_JOB, async () => void (await markSilentNodesOffline(services)), {
    concurrency: 1,
  });
  jobs.register(SESSION_CLEANUP_JOB, async () => void (await deleteExpiredCredentials(services)), {
    concurrency: 1,
  });
  await jobs.schedule(NODE_OFFLINE_JOB, { everyMs: 15_000 }, {});
  await jobs.schedule(SESSION_CLEANUP_JOB, { everyMs: 3_600_000 }, {});
  await scheduleTelemetryJobs(services);
  await scheduleAlertJobs(services);
  jobs.register(EVIDENCE_RETENTION_JOB, async () => void (await deleteExpiredEvidence(services)), {
    concurrency: 1,
  });
  await jobs.schedule(EVIDENCE_RETENTION_JOB, { everyMs: 3_600_000 }, {});
  await startNetworkMitigationJobs(services);
  await jobs.start();

  const metrics = createMetrics();
  registerJobMetrics(metrics.registry, jobs);
  const pendingCookies = new WeakMap<Request, string[]>();
  const { graphql: limits } = config;
  // 9 MB of bundled GraphiQL: loaded only when it is served.
  const renderGraphiQL = limits.graphiql
    ? (await import("@graphql-yoga/render-graphiql")).renderGraphiQL
    : undefined;

  const yoga = createYoga<Record<string, unknown>, GraphQLContext>({
    schema,
    graphqlEndpoint: "/graphql",
    // Our own check (route) applies MAX_BODY_BYTES to JSON; this bounds multipart uploads.
    maxRequestBodySize: Math.max(config.maxBodyBytes, config.evidence.maxBytes + 65_536),
    landingPage: false,
    // Rendered from the local @graphql-yoga/render-graphiql bundle: no third-party script on this origin.
    graphiql: limits.graphiql ? { title: "Levee GraphQL", subscriptionsProtocol: "WS" } : false,
    renderGraphiQL,
    // Only listed origins (and our own) get CORS headers; never a reflected foreign one.
    cors: (request) => {
      const origin = request.headers.get("origin");
      if (!origin || !originAllowed(origin, request.headers.get("host"), config.allowedOrigins)) return false;
      return { origin: [origin], credentials: true, methods: ["GET", "POST", "OPTIONS"] };
    },
    logging: logger.child({ component: "graphql" }),
    plugins: [
      requestPolicyPlugin(config.allowedOrigins),
      EnvelopArmorPlugin({
        maxDepth: { n: limits.maxDepth, ignoreIntrospection: true },
        // Cost is priced at execution with the variables resolved (operation-limits.ts).
        costLimit: { enabled: false },
        maxAliases: { n: limits.maxAliases },
        maxDirectives: { n: 50 },
        maxTokens: { n: 5000 },
        blockFieldSuggestion: { enabled: process.env.NODE_ENV === "production" },
      }),
      operationLimitsPlugin({
        maxCost: limits.maxCost,
        defaultPage: 50,
        maxPage: 200,
        maxListLength: limits.maxListLength,
        listLengthOverrides: { "Query.nodes.ids": 100, "Mutation.reportTelemetry.samples": 2000 },
        listSizes: { "TrafficSeries.points": 1000, "Incident.timeline": 1000, "Uptime.days": 90 },
      }),
      metrics.plugin,
      errorCodesPlugin(),
      {
        onResponse({ request, response }) {
          for (const cookie of pendingCookies.get(request) ?? [])
            response.headers.append("set-cookie", cookie);
        },
      },
    ],
    context: async ({ request, req }) => {
      const { principal, info, rateKey } = await resolveCaller(
        database.prisma,
        request.headers,
        req as IncomingMessage,
        config.trustProxy,
        keyCache,
      );
      await admit(rateLimits.requests, rateKey);
      return buildContext(services, principal, info, (cookie) => {
        pendingCookies.set(request, [...(pendingCookies.get(request) ?? []), cookie]);
      });
    },
  });

  const http = createHttpServer((req, res) => route(req, res).catch((error) => fail(res, logger, error)));
  async function route(req: IncomingMessage, res: ServerResponse) {
    const path = (req.url ?? "/").split("?")[0];
    if (path === "/healthz") {
      const { status, body } = await checkHealth(database, redis, engineHealth);
      return sendJson(res, status, body);
    }
    if (path === "/metrics") {
      res.writeHead(200, { "content-type": metrics.registry.contentType });
      return res.end(await metrics.registry.metrics());
    }
    if (path?.startsWith("/evidence/") && (req.method === "GET" || req.method === "HEAD"))
      return serveEvidence(services, req, res);
    const route = path === "/graphql" ? "/graphql" : "other";
    res.once("finish", () => metrics.http.inc({ route, status: String(res.statusCode) }));
    // Capture uploads (GraphQL multipart requests) may be as large as EVIDENCE_MAX_BYTES, and
    // only a valid agent key may send one: refused before the body is read.
    const multipart = req.headers["content-type"]?.startsWith("multipart/form-data") ?? false;
    if (multipart && req.method === "POST") {
      // The same caller path as every GraphQL request; only the bearer key counts (no cookie).
      const agentOnly = { get: (name: string) => (name === "cookie" ? null : headerOf(req, name)) };
      const caller = await resolveCaller(database.prisma, agentOnly, req, config.trustProxy, keyCache).catch(
        () => null,
      );
      if (caller?.principal.kind !== "agent")
        return sendJson(res, 401, {
          errors: [
            { message: "Multipart uploads need an agent key", extensions: { code: "UNAUTHENTICATED" } },
          ],
        });
    }
    const limit = multipart
      ? Math.max(config.maxBodyBytes, config.evidence.maxBytes + 65_536)
      : config.maxBodyBytes;
    const tooLarge = bodyProblem(req, limit);
    if (tooLarge)
      return sendJson(res, tooLarge.status, {
        errors: [{ message: tooLarge.message, extensions: { code: tooLarge.code } }],
      });
    return yoga.handle(req, res);
  }

  const ws = attachGraphQLWebSocket({ http, yoga, services, activeSubscriptions: metrics.subscriptions });

  let closing: Promise<void> | undefined;
  return {
    services,
    yoga,
    http,
    listen: (port = config.port, host = config.host) =>
      new Promise((resolve, reject) => {
        http.once("error", reject);
        http.listen(port, host, () => resolve(http.address() as AddressInfo));
      }),
    close(deadlineMs = 10_000) {
      closing ??= (async () => {
        await ws.close();
        await new Promise<void>((resolve) => {
          http.close(() => resolve());
          http.closeIdleConnections();
          setTimeout(() => {
            http.closeAllConnections();
            resolve();
          }, deadlineMs).unref();
        });
        await credentialChanges.return?.();
        services.telemetry.watch.close();
        await services.telemetry.detection.close();
        await writer.close();
        await jobs.close(deadlineMs);
        await closePubSub();
        await redis?.quit().catch(() => {});
        if (!options.database) await database.close();
      })();
      return closing;
    },
  };
}

function bodyProblem(req: IncomingMessage, max: number) {
  if (req.method !== "POST") return undefined;
  const length = req.headers["content-length"];
  if (length === undefined)
    return { status: 411, code: "LENGTH_REQUIRED", message: "POST requests must send Content-Length" };
  if (Number(length) > max) {
    return {
      status: 413,
      code: "PAYLOAD_TOO_LARGE",
      message: `Request body is ${length} bytes; the limit is ${max}`,
    };
  }
  return undefined;
}

function sendJson(res: ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { "content-type": "application/json; charset=utf-8" });
  res.end(JSON.stringify(body));
}

function fail(res: ServerResponse, logger: Logger, error: unknown) {
  logger.error({ err: error }, "request failed");
  if (!res.headersSent)
    sendJson(res, 500, { errors: [{ message: "Internal server error", extensions: { code: "INTERNAL" } }] });
  else res.end();
}

function headerOf(req: IncomingMessage, name: string): string | null {
  const value = req.headers[name];
  return Array.isArray(value) ? (value[0] ?? null) : (value ?? null);
}
