import type { IncomingMessage } from "node:http";
import { EnvelopArmorPlugin } from "@escape.tech/graphql-armor";
import type { GraphQLError, GraphQLSchema } from "graphql";
import { createYoga, type GraphiQLOptions, type YogaServerInstance } from "graphql-yoga";
import { admit } from "../auth/rate-limiter.ts";
import { buildContext, type GraphQLContext } from "../context.ts";
import { MAX_TIMELINE_POINTS } from "../incidents/timeline.ts";
import type { Metrics } from "../observability/metrics.ts";
import { schema } from "../schema.ts";
import type { AppServices } from "../services.ts";
import { MAX_FOLLOWED_NODES } from "../telemetry/traffic-follow.ts";
import type { AgentReportPath } from "./agent-reports.ts";
import { knownRateKey, resolveCaller } from "./caller.ts";
import { clientGone } from "./client-gone.ts";
import { CompiledOperations, compiledOperationsPlugin } from "./compiled-operations.ts";
import { cursorArgumentsPlugin } from "./cursor-arguments.ts";
import { errorCodesPlugin } from "./error-codes.ts";
import { operationLimitsPlugin } from "./operation-limits.ts";
import { repeatedUnauthenticatedPlugin } from "./repeated-unauthenticated.ts";
import { requestCacheReleasePlugin } from "./request-cache-release.ts";
import { originAllowed, requestPolicyPlugin } from "./request-policy.ts";
import { sharedSubscriptionEventsPlugin } from "./shared-subscription-events.ts";

export type LeveeYoga = YogaServerInstance<Record<string, unknown>, GraphQLContext> &
  Pick<ReturnType<typeof operationLimitsPlugin>, "chargeNewDocument"> & {
    /** The agent's known report on its socket, run outside envelop with the same checks (agent-reports.ts). */
    agentReports: AgentReportPath & { schema: GraphQLSchema };
  };

/**
 * Armor's depth, alias and directive limits throw from validation, past the hook that codes
 * validation errors (error-codes.ts): their errors had no extensions.code at all. Coded as
 * they are thrown, as any other invalid document is.
 */
function validationCode(_context: unknown, error: GraphQLError): void {
  error.extensions.code ??= "GRAPHQL_VALIDATION_FAILED";
}

/** GraphQL over HTTP: the schema, its limits and plugins, and the per-request context (caller, rate). */
export async function createGraphQLHttp(services: AppServices, metrics: Metrics): Promise<LeveeYoga> {
  const { config, database, keyCache, rateLimits, logger } = services;
  const pendingCookies = new WeakMap<Request, string[]>();
  const { graphql: limits } = config;
  // 9 MB of bundled GraphiQL (about 2 s to load on a busy machine): loaded when first served, not
  // on the way to listening.
  const renderGraphiQL = limits.graphiql
    ? async (options: GraphiQLOptions) =>
        (await import("@graphql-yoga/render-graphiql")).renderGraphiQL(options)
    : undefined;

  const operationLimits = operationLimitsPlugin({
    maxCost: limits.maxCost,
    heavyPerCaller: limits.heavyPerCaller,
    heavyShare: limits.heavyShare,
    costPerSecond: limits.costPerSecond,
    holdRefusal: (key, queue) => rateLimits.requests.hold(key, queue),
    rateKeyOfRequest: (request, serverContext) =>
      knownRateKey(
        request.headers,
        (serverContext as { req?: IncomingMessage }).req,
        config.trustProxy,
        keyCache,
        "address",
      ),
    defaultPage: 50,
    maxPage: 200,
    maxListLength: limits.maxListLength,
    listLengthOverrides: {
      "Query.nodes.ids": 100,
      "Mutation.reportTelemetry.samples": 2000,
      "Subscription.nodesTrafficUpdated.nodeIds": MAX_FOLLOWED_NODES,
    },
    // A timeline is a JSON column of the incident's own row (the page is one query): its cost is
    // its points resolved and sent, priced by what timeline(maxPoints:) asks for (300 by default).
    listSizes: {
      "TrafficSeries.points": 1000,
      "Incident.timeline": MAX_TIMELINE_POINTS,
      "Uptime.days": 90,
      "MonitoredNode.seasonalWeek": 168,
    },
    listSizeArguments: { "Incident.timeline": "maxPoints" },
    // Each counts or writes every node of a workspace in one statement: an MSP's 50 customers'
    // counts stay below the heavy threshold, the workspace-wide write spends half a second of budget.
    fieldCosts: {
      "Workspace.nodeCounts": 100,
      "Workspace.detectionMultipliers": 100,
      // Up to ~674 hourly rows of one node and 168 hours' percentiles (~2–10 ms): a page of nodes
      // asking for it is priced for that, not as 168 plain values each.
      "MonitoredNode.seasonalWeek": 100,
      "Mutation.setWorkspaceDetectionMultiplier": 5000,
    },
  });
  // The agent's per-second call: compiled once, run by the plugin over HTTP and directly on sockets.
  const compiled = new CompiledOperations(["reportTelemetry"]);
  const yoga = createYoga<Record<string, unknown>, GraphQLContext>({
    schema,
    graphqlEndpoint: "/graphql",
    // The router (http/router.ts) has bounded every body before yoga sees it: a POST must send
    // Content-Length within bodyLimitOf (JSON or multipart), and Node's parser reads no byte past
    // it (nor takes Transfer-Encoding beside it). Yoga's own limit streamed every body through a
    // TransformStream and a pipeline whose end builds an AbortError: ~5 % of an agent's HTTP
    // report in a profile, for a bound already held.
    maxRequestBodySize: false,
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
      // A connection cursor the API never handed out is BAD_USER_INPUT, before anything runs.
      cursorArgumentsPlugin(),
      // Each subscription event executed once per group of subscribers with the same result.
      sharedSubscriptionEventsPlugin(metrics.subscriptionEventCounters),
      // The agent's per-second call runs precompiled; before operationLimitsPlugin, which wraps it.
      compiledOperationsPlugin(compiled),
      EnvelopArmorPlugin({
        maxDepth: { n: limits.maxDepth, ignoreIntrospection: true, onReject: [validationCode] },
        // Cost is priced at execution with the variables resolved (operation-limits.ts).
        costLimit: { enabled: false },
        maxAliases: { n: limits.maxAliases, onReject: [validationCode] },
        maxDirectives: { n: 50, onReject: [validationCode] },
        maxTokens: { n: 5000 },
        blockFieldSuggestion: { enabled: process.env.NODE_ENV === "production" },
      }),
      operationLimits,
      metrics.plugin,
      // A caller without a credential told UNAUTHENTICATED more than 10 times in 10 s waits, as a refusal does.
      repeatedUnauthenticatedPlugin((key, gone) => rateLimits.requests.hold(key, gone)),
      // After the limits and metrics, which still see every request: the public status page is
      // computed at most once per STATUS_PAGE_CACHE_MS, whoever floods it (an incident's page alike).
      // statusPageLock too: the web app asks for it beside the page, and it reads only the slug; a
      // protected page's `access` is a declared variable, so its answer is kept per proof.
      services.publicReads.plugin(["statusPage", "statusPageIncident", "statusPageLock"]),
      errorCodesPlugin(),
      // After every plugin of ours that reads the result: the operation's scope cache goes now.
      requestCacheReleasePlugin(),
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
      // A refusal waits in the caller's line for a held place until its client goes away.
      const gone = clientGone(request, req as IncomingMessage);
      await admit(rateLimits.requests, rateKey, gone);
      const context = buildContext(services, principal, info, (cookie) => {
        pendingCookies.set(request, [...(pendingCookies.get(request) ?? []), cookie]);
      });
      // Aborted when the client closes the request: its operation stops waiting for a turn (operation-limits.ts).
      return Object.assign(context, { clientGone: gone });
    },
  });
  // Yoga's own masking (it logs what it masks); private in its types, a plain field at run time.
  const masking = (
    yoga as unknown as {
      maskedErrorsOpts: {
        maskError: (error: unknown, message: string) => unknown;
        errorMessage: string;
      } | null;
    }
  ).maskedErrorsOpts;
  const agentReports: LeveeYoga["agentReports"] = {
    schema,
    compiled,
    runLimited: operationLimits.runLimited,
    observe: metrics.observe,
    maskError: masking
      ? (error) => masking.maskError(error, masking.errorMessage) as GraphQLError
      : undefined,
  };
  // graphql-ws charges new documents before parsing them as HTTP does: the same document budget, the same check.
  return Object.assign(yoga, { chargeNewDocument: operationLimits.chargeNewDocument, agentReports });
}
