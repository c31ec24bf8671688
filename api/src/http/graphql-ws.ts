import { setMaxListeners } from "node:events";
import type { IncomingMessage, Server } from "node:http";
import {
  type DocumentNode,
  type ExecutionArgs,
  GraphQLError,
  type GraphQLFormattedError,
  getOperationAST,
} from "graphql";
import type { SubscribePayload, Context as WsContext } from "graphql-ws";
import { WebSocketServer } from "ws";
import { atExpiry } from "../auth/credential-expiry.ts";
import { apiKeyValid, credentialStillValid, sessionValid } from "../auth/live-access.ts";
import type { Principal } from "../auth/principal.ts";
import { admit } from "../auth/rate-limiter.ts";
import { type AppServices, buildContext, type RequestInfo, socketOperationContext } from "../context.ts";
import { GatheredLoader } from "../db/gathered-loader.ts";
import { prepared } from "../db/sql-client.ts";
import { AuthenticationError, RateLimitedError, UnavailableError } from "../errors.ts";
import { AGENT_KEY_SHARE, AgentLoad } from "./agent-load.ts";
import { executeAgentReport } from "./agent-reports.ts";
import { resolveCaller } from "./caller.ts";
import { withCode } from "./error-codes.ts";
import type { LeveeYoga } from "./graphql-http.ts";
import { InFlight } from "./in-flight.ts";
import { PersistedOperations } from "./persisted-operations.ts";
import { originAllowed } from "./request-policy.ts";
import { boundSendBuffers } from "./send-buffer.ts";
import { type Extra, serveGraphQLWs } from "./ws-transport.ts";

type Enveloped = {
  execute: (args: ExecutionArgs) => OperationResult;
  subscribe: (args: ExecutionArgs) => OperationResult;
  /**
   * Runs the execution (or a subscription's setup); once it has settled, the operation's work
   * has ended, whatever its client said meanwhile, and its in-flight entry ends if it threw.
   */
  track: <T>(run: () => T) => Promise<Awaited<T>>;
};
type OperationResult = ReturnType<NonNullable<Parameters<typeof serveGraphQLWs>[0]["execute"]>>;

type Connection = {
  principal?: Principal;
  info?: RequestInfo;
  rateKey?: string;
  /** When an API key's validity was last read, and the key cache's generation then. */
  keyCheckedAt?: number;
  keyGeneration?: number;
  /** Cancels the timer that closes the socket when its session or API key expires. */
  cancelExpiry?: () => void;
  /**
   * Aborted when the socket closes. Its refusals wait in the caller's line for a held place
   * (rate-limiter.ts `hold`) until then: held under the caller's key, as over HTTP (one key per
   * socket let ~160 sockets take every held place), and never answered at once past the
   * caller's 64 places (a caller with several sockets had the excess refused and sent again flat out).
   */
  open?: AbortController;
  /**
   * Operations of this socket whose work has not ended: counted from their arrival to the end
   * of their execution (or a subscription's setup). graphql-ws forgets an operation when its
   * client sends `complete`; this does not, so a client cannot free its places while the work goes on.
   */
  working?: number;
  /** Operations of this socket not yet admitted by the rate limit: not work yet (operationPlace). */
  admitting?: number;
  /**
   * Operations of this socket whose refusal is being held (or waits in the caller's line for a
   * held place): not work, so not counted in `working`; past WS_MAX_PENDING the socket is not
   * read until one is answered, which bounds them.
   */
  holding?: number;
};

/** Agents' operations over this process's sockets, and the agent sockets held because of them. */
type Load = AgentLoad<Connection & Extra>;

/**
 * Operations a socket may have at work at once (from admission to the end of execution; streaming
 * subscriptions aside once set up; refusals being held and operations waiting for admission are
 * not work, see operationPlace). A client sending without
 * waiting for answers, or sending `complete` for what it sent, otherwise keeps unbounded work
 * running. Past it the socket is closed (1008).
 * The agent sends one operation at a time; a dashboard page opens its subscriptions together (a
 * node list streams up to 40 rows). An MSP overview opening ~150 at once on one socket goes past
 * it (subscriptions count until they are set up; it also meets the 60/s request limit).
 */
export const WS_MAX_PENDING = 64;

/**
 * An operation's count on its socket: waiting for admission from its arrival, then at work once
 * the rate limit admits it, or a refusal being held (rate limit, cost budget, heavy gate), until
 * it ends. Neither waiting for admission nor a held refusal is work: a rate-limited dashboard
 * whose 40 subscriptions are refused and held is not closed as a socket with too much at work,
 * nor is a client whose operations all arrived in one read, before the first admission was
 * decided (the limiter answers asynchronously with Redis; in-process counts answer at once, and
 * the operation goes straight to work). Past WS_MAX_PENDING of those two together,
 * reading the socket pauses instead (its client's next operations stay in the kernel's buffers,
 * unparsed), so they stay bounded.
 */
function operationPlace(connection: Connection & Extra, load: Load) {
  let state: "admitting" | "working" | "held" | "ended" = "admitting";
  connection.admitting = (connection.admitting ?? 0) + 1;
  pauseIfFull(connection);
  // An agent's operation is in the process's count while admitting or at work (a held refusal
  // is neither).
  const { principal } = connection;
  const counted = principal?.kind === "agent" ? load.enter(connection, principal.apiKeyId) : notCounted;
  const leaveLoad = counted ?? notCounted;
  const leave = () => {
    if (state === "admitting") connection.admitting = (connection.admitting ?? 1) - 1;
    else if (state === "working") connection.working = (connection.working ?? 1) - 1;
    else if (state === "held") connection.holding = (connection.holding ?? 1) - 1;
    resumeIfRoom(connection, load);
  };
  return {
    /** An agent's operation whose key has its share of the process's work: to be refused. */
    overShare: counted === undefined,
    /** Admitted: it is work now. False when that is more work than a socket may have at once. */
    admitted(): boolean {
      if (state !== "admitting") return true;
      leave();
      state = "working";
      connection.working = (connection.working ?? 0) + 1;
      return connection.working <= WS_MAX_PENDING;
    },
    holdRefusal() {
      if (state !== "admitting" && state !== "working") return;
      leave();
      state = "held";
      connection.holding = (connection.holding ?? 0) + 1;
      pauseIfFull(connection);
      leaveLoad();
    },
    end() {
      if (state === "ended") return;
      leave();
      state = "ended";
      leaveLoad();
    },
  };
}

const waiting = (connection: Connection & Extra) => (connection.admitting ?? 0) + (connection.holding ?? 0);

function pauseIfFull(connection: Connection & Extra) {
  if (waiting(connection) >= WS_MAX_PENDING) connection.socket.pause();
}

const notCounted = () => {};

function resumeIfRoom(connection: Connection & Extra, load: Load) {
  if (waiting(connection) < WS_MAX_PENDING && connection.socket.isPaused && !load.isHeld(connection))
    connection.socket.resume();
}

/** Every HELD_SWEEP_MS, held sockets are read again where there is room (AgentLoad.sweep). */
const HELD_SWEEP_MS = 250;

/**
 * A socket whose API key was revoked or expired, or whose session expired or was ended, is closed with this
 * (the agent re-reads its key; the dashboard reconnects, and is told to sign in).
 */
const KEY_GONE = 4403;

/** An API key's validity is read again after this long even when no revocation was announced. */
const KEY_RECHECK_MS = 5_000;

type KeyRow = { revokedAt: Date | null; expiresAt: Date | null };
/** The validity of the keys of open sockets, read again in batches (every few milliseconds at 10,000 agents). */
const KEY_VALIDITY = prepared(
  `SELECT id, revoked_at AS "revokedAt", expires_at AS "expiresAt" FROM api_key WHERE id = ANY($1::uuid[])`,
);

type SessionRow = { revokedAt: Date | null; expiresAt: Date };
/** The validity of the sessions of a user's open sockets, read again when a change of theirs is announced. */
const SESSION_VALIDITY = prepared(
  `SELECT id, revoked_at AS "revokedAt", expires_at AS "expiresAt" FROM session WHERE id = ANY($1::uuid[])`,
);

/**
 * Re-checked before every operation, so a session ended or key revoked mid-connection stops
 * working. An agent pushing telemetry every second over its socket would make that a database
 * read per sample; for API keys the read is skipped while no credential change was announced
 * (revocations bump the key cache's generation on every instance) and the last read is < 5 s old,
 * and the reads due are gathered: 10,000 agents cost a few queries every 5 s, not 2,000 a second.
 */
async function stillConnected(
  services: AppServices,
  keys: GatheredLoader<KeyRow>,
  connection: Connection,
): Promise<boolean> {
  const { principal } = connection;
  if (!principal) return false;
  if (principal.kind === "anonymous") return true;
  if (principal.kind === "user") return credentialStillValid(services.database.prisma, principal);
  if (keyFresh(services, connection)) return true;
  const now = Date.now();
  const { generation } = services.keyCache;
  const valid = apiKeyValid(await keys.load(principal.apiKeyId), new Date(now));
  if (valid) Object.assign(connection, { keyCheckedAt: now, keyGeneration: generation });
  return valid;
}

/** The errors as JSON without `extensions.http`; undefined when none has it (sent as they are). */
function withoutHttp(errors: readonly GraphQLError[]): GraphQLFormattedError[] | undefined {
  if (!errors.some((error) => error.extensions?.http !== undefined)) return undefined;
  return errors.map((error) => {
    const json = error.toJSON();
    if (json.extensions?.http === undefined) return json;
    const { http: _http, ...extensions } = json.extensions;
    return { ...json, extensions };
  });
}

/**
 * An API key read less than KEY_RECHECK_MS ago with no credential change announced since: still
 * valid without a read (stillConnected's answer for it, without its promise).
 */
function keyFresh(services: AppServices, connection: Connection): boolean {
  const kind = connection.principal?.kind;
  return (
    (kind === "agent" || kind === "integration") &&
    connection.keyGeneration === services.keyCache.generation &&
    Date.now() - (connection.keyCheckedAt ?? 0) < KEY_RECHECK_MS
  );
}

/**
 * graphql-ws on the same server and path as HTTP GraphQL. The caller authenticates once in
 * connection_init (payload `{ authorization: "Bearer …" }`, or the session cookie of the
 * upgrade request); a bad credential closes the socket with 4403. Every later operation
 * re-checks that credential, and subscriptions re-check access while they stream.
 */
export function attachGraphQLWebSocket(options: {
  http: Server;
  yoga: LeveeYoga;
  services: AppServices;
  /** Counts subscriptions streaming (a test waits for it before publishing). */
  activeSubscriptions?: { inc(): void; dec(): void };
  /** Counts sockets closed because their client read too slowly. */
  slowConsumers?: { inc(): void };
  /** Reports the agents' operations at work and the sockets held past the process's cap. */
  agentLoad?: { collect(read: () => { operations: number; held: number }): void; refusedOverShare(): void };
  /** Added to every `101 Switching Protocols` (`Name: value`). */
  upgradeHeaders?: string[];
}) {
  const { http, yoga, services, activeSubscriptions, slowConsumers, agentLoad } = options;
  // Read once: yoga is a Proxy whose every property read binds a new function (garbage per operation).
  const { chargeNewDocument, agentReports } = yoga;
  const runReport = (args: ExecutionArgs) => executeAgentReport(agentReports, args);
  const streaming = new WeakMap<object, Set<string>>();
  const inFlight = new InFlight();
  // The agent's own report, parsed and validated once (persisted-operations.ts).
  const agentDocuments = new PersistedOperations(["reportTelemetry"]);
  // Plain SQL, not Prisma: at 10,000 agents this runs every few milliseconds, and Prisma's query
  // planning costs more CPU than the query.
  const keys = new GatheredLoader<KeyRow>(async (ids) => {
    const rows = await services.database.sql.query<KeyRow & { id: string }>(KEY_VALIDITY, [ids]);
    return new Map(rows.map((r) => [r.id, r]));
  });
  let closing = false;
  const load: Load = new AgentLoad(services.config.wsProcessMaxOperations, AGENT_KEY_SHARE, {
    pause: (connection) => connection.socket.pause(),
    resume: (connection) => resumeIfRoom(connection, load),
    // Not one closing (its onClose comes after graphql-ws has ended its operations) nor one
    // still paused for its own reason (its own operations ending read it again).
    readable: (connection) =>
      connection.socket.readyState === connection.socket.OPEN && waiting(connection) < WS_MAX_PENDING,
  });
  agentLoad?.collect(() => ({ operations: load.operations, held: load.held }));
  const heldSweep = setInterval(() => load.sweep(), HELD_SWEEP_MS);
  heldSweep.unref();
  const sessions = new GatheredLoader<SessionRow>(async (ids) => {
    const rows = await services.database.sql.query<SessionRow & { id: string }>(SESSION_VALIDITY, [ids]);
    return new Map(rows.map((r) => [r.id, r]));
  });
  /** Open sockets authenticated with an API key: closed at once when it is revoked or expires. */
  const keyed = new Set<Connection & Extra>();
  /** Open sockets of signed-in users, by user: closed at once when their session is ended. */
  const signedIn = new Map<string, Set<Connection & Extra>>();
  const forgetSignedIn = (connection: Connection & Extra) => {
    const { principal } = connection;
    if (principal?.kind !== "user") return;
    const sockets = signedIn.get(principal.userId);
    if (sockets?.delete(connection) && sockets.size === 0) signedIn.delete(principal.userId);
  };
  const dropCredential = (connection: Connection & Extra, why: string) => {
    keyed.delete(connection);
    forgetSignedIn(connection);
    connection.cancelExpiry?.();
    connection.socket.close(KEY_GONE, why);
  };
  /**
   * A quiet subscription (no operation, no event to re-check the credential before) would stream
   * on past its credential's expiry: the socket is closed then, whatever the credential.
   */
  const watchExpiry = (connection: Connection & Extra, principal: Principal) => {
    if (principal.kind === "anonymous" || !principal.expiresAt) return;
    const why = principal.kind === "user" ? "Session expired" : "API key expired";
    connection.cancelExpiry = atExpiry(principal.expiresAt, () => dropCredential(connection, why));
  };
  const recheckKeys = async () => {
    const now = new Date();
    await Promise.all(
      [...keyed].map(async (connection) => {
        const { principal } = connection;
        if (principal?.kind !== "integration" && principal?.kind !== "agent") return;
        const row = await keys.load(principal.apiKeyId);
        if (!apiKeyValid(row, now)) dropCredential(connection, "API key revoked");
      }),
    );
  };
  /**
   * A user's sign-out or password change (announced naming the user) closes their sockets whose
   * session it ended: one gathered session read per socket of that user, none for anyone else's.
   */
  const recheckSessions = async (userId: string) => {
    const now = new Date();
    await Promise.all(
      [...(signedIn.get(userId) ?? [])].map(async (connection) => {
        const { principal } = connection;
        if (principal?.kind !== "user") return;
        if (!sessionValid(await sessions.load(principal.sessionId), now))
          dropCredential(connection, "Session ended");
      }),
    );
  };
  // A revocation (on any instance: pub/sub) closes the sockets of keys no longer valid, at once:
  // a subscription sends nothing unless an event comes, so it would otherwise stream on unseen.
  const credentialChanges = services.pubsub.subscribeUnbounded("credentialsChanged")[Symbol.asyncIterator]();
  let rechecking: Promise<void> | undefined;
  let recheckAgain = false;
  const onCredentialsChanged = () => {
    if (rechecking) {
      recheckAgain = true;
      return;
    }
    rechecking = recheckKeys()
      .catch((error) => services.logger.error({ err: error }, "re-checking socket keys failed"))
      .finally(() => {
        rechecking = undefined;
        if (recheckAgain) {
          recheckAgain = false;
          onCredentialsChanged();
        }
      });
  };
  void (async () => {
    for (let next = await credentialChanges.next(); !next.done; next = await credentialChanges.next()) {
      const { userId } = next.value;
      if (userId === undefined) onCredentialsChanged();
      else
        void recheckSessions(userId).catch((error) =>
          services.logger.error({ err: error }, "re-checking socket sessions failed"),
        );
    }
  })().catch((error) => services.logger.error({ err: error }, "credential change subscription ended"));
  // An announcement published while this process's pub/sub connection was down is lost: once it
  // is back, every socket's credential is read again (gathered: a few queries per thousand sockets).
  const stopResubscribed = services.pubsub.onResubscribed(() => {
    onCredentialsChanged();
    for (const userId of signedIn.keys())
      void recheckSessions(userId).catch((error) =>
        services.logger.error({ err: error }, "re-checking socket sessions failed"),
      );
  });
  const wss = new WebSocketServer({
    server: http,
    path: yoga.graphqlEndpoint,
    maxPayload: services.config.maxBodyBytes,
    // A page of a foreign origin may not open a socket with the visitor's session cookie; while
    // shutting down no socket is opened (503: the agent tries again, it does not give up on sockets).
    verifyClient: (
      { origin, req }: { origin: string; req: IncomingMessage },
      done: (ok: boolean, code?: number, message?: string) => void,
    ) => {
      if (closing) return done(false, 503, "Shutting down");
      done(originAllowed(origin || null, req.headers.host ?? null, services.config.allowedOrigins));
    },
  });
  const { upgradeHeaders } = options;
  if (upgradeHeaders?.length) wss.on("headers", (headers) => headers.push(...upgradeHeaders));
  boundSendBuffers(wss, {
    maxBytes: services.config.wsSendBufferBytes,
    onSlowConsumer: () => {
      slowConsumers?.inc();
      services.logger.warn("graphql-ws client too slow: closed (1013)");
    },
  });
  const server = serveGraphQLWs<Connection>(
    {
      onConnect: async (ctx) => {
        const payload = ctx.connectionParams ?? {};
        const authorization = typeof payload.authorization === "string" ? payload.authorization : null;
        const headers = {
          get: (name: string) =>
            name === "authorization"
              ? authorization
              : ((ctx.extra.request.headers[name] as string | undefined) ?? null),
        };
        // Taken before the look-up: a revocation announced meanwhile makes the first operation re-read.
        const keyGeneration = services.keyCache.generation;
        try {
          const caller = await resolveCaller(
            services.database.prisma,
            headers,
            ctx.extra.request,
            services.config.trustProxy,
            services.keyCache,
          );
          await admit(services.rateLimits.requests, caller.rateKey);
          Object.assign(ctx.extra, {
            principal: caller.principal,
            info: caller.info,
            rateKey: caller.rateKey,
            open: socketOpen(),
            working: 0,
            keyCheckedAt: Date.now(),
            keyGeneration,
          });
          const { principal } = caller;
          const connection = ctx.extra as Connection & Extra;
          // A client gone during the awaits above has had its onClose already: watching it now
          // would keep the closed socket (in `keyed`, in a timer) for as long as its credential lasts.
          if (connection.socket.readyState !== connection.socket.OPEN) return false;
          watchExpiry(connection, principal);
          if (principal.kind === "user")
            signedIn.set(principal.userId, (signedIn.get(principal.userId) ?? new Set()).add(connection));
          if (principal.kind === "integration" || principal.kind === "agent") {
            keyed.add(connection);
            // A revocation that raced the connect, from the gathered key read.
            void keys.load(principal.apiKeyId).then(
              (row) => {
                if (keyed.has(connection) && !apiKeyValid(row)) dropCredential(connection, "API key revoked");
              },
              () => {},
            );
          }
          // The API's clock, for agents that push over this socket (HTTP answers carry a Date header).
          return { serverTime: Date.now() };
        } catch (error) {
          services.logger.debug({ err: (error as Error).message }, "graphql-ws connection refused");
          // Only a bad credential is a refusal (4403: an agent re-reads its key and waits). A busy
          // or failing API is "try again later" (1013), which clients retry after their back-off.
          // The refusal says why, as HTTP does ("API key lvi_… has been revoked", "Unknown API
          // key"), not graphql-ws's bare "Forbidden"; a close reason holds at most 123 bytes.
          if (error instanceof AuthenticationError)
            ctx.extra.socket.close(
              KEY_GONE,
              Buffer.byteLength(error.message) <= 123 ? error.message : "Forbidden",
            );
          else
            ctx.extra.socket.close(
              1013,
              error instanceof RateLimitedError ? "Rate limited" : "Try again later",
            );
          return false;
        }
      },
      onOperation: (ctx, id, _params, _args, result) => {
        if (!result || typeof result !== "object" || !(Symbol.asyncIterator in result)) return;
        // A subscription streams until its client or the shutdown ends it: not waited for.
        inFlight.end(ctx, id);
        const ids = streaming.get(ctx) ?? new Set<string>();
        streaming.set(ctx, ids.add(id));
        activeSubscriptions?.inc();
      },
      // Called once the result was written to the socket (graphql-ws sends `next`, then completes).
      onComplete: (ctx, id) => {
        inFlight.end(ctx, id);
        if (streaming.get(ctx)?.delete(id)) activeSubscriptions?.dec();
      },
      // The same errors as over HTTP, less `extensions.http`: yoga makes it the response's status
      // and headers and drops it; a socket has neither, and clients saw {"http":{"status":400}}.
      onNext: (_ctx, _id, _payload, _args, result) => {
        const errors = result.errors && withoutHttp(result.errors);
        return errors && { ...result, errors };
      },
      onError: (ctx, id, _payload, errors) => {
        inFlight.end(ctx, id);
        return withoutHttp(errors);
      },
      onClose: (ctx) => {
        ctx.extra.open?.abort();
        inFlight.endAll(ctx);
        // Another thread of this process may take the agent's next socket (API_THREADS: the
        // kernel picks), serve the node and hand it back within the engine's reload-after-silence
        // time: its state here would then be stale. Saved and dropped, it is read again then.
        const { principal } = ctx.extra as Connection;
        if (principal?.kind === "agent" && services.config.threads > 1)
          void services.telemetry.detection
            .release(principal.nodeId)
            .catch((error) => services.logger.warn({ err: error }, "detection state not released"));
        keyed.delete(ctx.extra);
        forgetSignedIn(ctx.extra as Connection & Extra);
        load.forget(ctx.extra);
        ctx.extra.cancelExpiry?.();
      },
      // The enveloped execute/subscribe travel in rootValue so yoga's plugins (armor, metrics) apply.
      execute: (args) => {
        const root = args.rootValue as Enveloped;
        return root.track(() => root.execute(args));
      },
      subscribe: (args) => {
        const root = args.rootValue as Enveloped;
        return root.track(() => root.subscribe(args));
      },
      onSubscribe: async (ctx, id, params) => {
        // Counted before anything else, released only when its work is over (below, or `track`).
        const connection = ctx.extra as Connection & Extra;
        // ws hands over the rest of a read after the socket is paused: frames past twice the bound
        // of waiting operations are refused at once rather than queued (their client flooded).
        if (waiting(connection) >= 2 * WS_MAX_PENDING)
          return [
            new GraphQLError("Too many operations waiting on this socket", {
              extensions: { code: "RATE_LIMITED", retryAfterSeconds: 1 },
            }),
          ];
        const place = operationPlace(connection, load);
        const release = place.end;
        let executing = false;
        try {
          const prepared = await prepare(ctx, id, params, place);
          executing = !Array.isArray(prepared);
          return prepared;
        } finally {
          // Refused, failed or answered without execution: its work ends here.
          if (!executing) release();
        }
      },
    },
    wss,
    services.logger,
  );

  /**
   * An operation's admission, parsing and checks; its execution arguments, or its errors.
   * `place` is its count on the socket: `holdRefusal` moves it from work to held refusals, `end`
   * ends it once its execution has settled.
   */
  async function prepare(
    ctx: WsContext<Record<string, unknown> | undefined, Extra & Partial<Connection>>,
    id: string,
    params: SubscribePayload,
    place: ReturnType<typeof operationPlace>,
  ) {
    const refusalHeld = place.holdRefusal;
    // Shutting down: nothing new starts (the agent keeps the samples and sends them again).
    if (closing) return [shuttingDown()];
    const queue = ctx.extra.open?.signal;
    const rateKey = ctx.extra.rateKey ?? "ws:unknown";
    if (place.overShare) {
      // Held like a rate limit's refusal, under the same key: a flood of them is answered slowly.
      refusalHeld();
      agentLoad?.refusedOverShare();
      await services.rateLimits.requests.hold(rateKey, queue);
      return [overShare()];
    }
    // Each operation on the socket counts like one HTTP request, under the same key, and
    // before any of it is parsed (a refused flood costs a look-up per operation).
    // Neither the admission nor the document's charge is awaited when decided at once (every
    // agent report: in-process counts, a known document).
    // The call inside the try as well: should it ever throw at once, that is this operation's
    // error, not a rejected prepare that ends the whole socket.
    try {
      const admitting = admit(services.rateLimits.requests, rateKey, queue, refusalHeld);
      if (admitting) await admitting;
    } catch (error) {
      return [error as GraphQLError];
    }
    if (!place.admitted()) {
      ctx.extra.socket.close(1008, "Too many operations in flight");
      return [
        new GraphQLError("Too many operations in flight on this socket", {
          extensions: { code: "RATE_LIMITED", retryAfterSeconds: 1 },
        }),
      ];
    }
    // A document no cache has seen is charged to the caller's document budget before it is parsed, by the
    // same check as over HTTP (operation-limits.ts): parsing it was free here, and charged only
    // at execution, so a socket's unparsable or invalid new documents cost nothing.
    const charging = chargeNewDocument(rateKey, params.query, queue, refusalHeld);
    const unaffordable = charging && (await charging);
    if (unaffordable) return [unaffordable];
    const { principal, info } = ctx.extra;
    const fromAgent = principal?.kind === "agent";
    const known = fromAgent ? agentDocuments.known(params.query) : undefined;
    if (known && principal && info) {
      const direct = await directReport(ctx, id, params, known, place);
      if (direct) return direct;
    }
    // The context the plugins see while parsing is the one execution gets (extended below),
    // as over HTTP: operation-limits.ts charges a caller's parsing to its document budget by it.
    const initialContext = {
      ...ctx,
      req: ctx.extra.request,
      socket: ctx.extra.socket,
      params,
      // A closed socket's operations stop waiting for their caller's turn, and their refusals
      // for a held place in the caller's line (operation-limits.ts).
      clientGone: queue,
      refusalHeld,
    };
    const { schema, execute, subscribe, parse, validate } = yoga.getEnveloped(initialContext);
    let document: DocumentNode;
    try {
      if (known) document = known;
      else {
        document = parse(params.query);
        // Armor's limits (depth, aliases, tokens) throw from parse/validate: answered as this
        // operation's error, not an exception that closes the whole socket (4500).
        const errors = validate(schema, document);
        if (errors.length > 0) return errors;
        if (fromAgent) agentDocuments.learn(params.query, document);
      }
      // graphql-ws answers this itself without executing, past `track`: the work would never end.
      // Coded as HTTP codes them (yoga): clients branch on codes alone, whatever the transport.
      if (!getOperationAST(document, params.operationName))
        return [
          new GraphQLError("Could not determine what operation to execute.", {
            extensions: { code: "OPERATION_RESOLUTION_FAILURE" },
          }),
        ];
    } catch (error) {
      return [
        error instanceof GraphQLError
          ? withCode(error, "GRAPHQL_PARSE_FAILED")
          : new GraphQLError("Could not parse the operation", {
              extensions: { code: "GRAPHQL_PARSE_FAILED" },
            }),
      ];
    }
    if (!principal || !info || !(await stillConnected(services, keys, ctx.extra))) return [credentialGone()];
    if (closing) return [shuttingDown()];
    inFlight.start(ctx, id);
    return {
      schema,
      document,
      operationName: params.operationName,
      variableValues: params.variables,
      contextValue: Object.assign(initialContext, buildContext(services, principal, info), {
        connectionEndsWithCredential: true,
      }),
      rootValue: {
        execute,
        subscribe,
        track: (run: () => unknown) => inFlight.execute(ctx, id, run).finally(place.end),
      } as Enveloped,
    };
  }
  /**
   * An agent's known report document (parsed and validated before, persisted-operations.ts) that
   * has a precompiled plan: run by agent-reports.ts outside envelop, with the checks the ordinary
   * path makes here (credential re-check, shutdown) and there (limits, metrics, error codes,
   * masking). Its context is an instance of the one socket-operation class
   * (socketOperationContext), not a copy of every service per operation. Undefined when the document has no plan (the ordinary path runs it).
   */
  async function directReport(
    ctx: WsContext<Record<string, unknown> | undefined, Extra & Partial<Connection>>,
    id: string,
    params: SubscribePayload,
    document: DocumentNode,
    place: ReturnType<typeof operationPlace>,
  ) {
    const path = agentReports;
    const args = { schema: path.schema, document, operationName: params.operationName };
    if (!path.compiled.compiledFor(args)) return undefined;
    const connection = ctx.extra;
    // The key read again only when due (stillConnected): most reports go on without an await.
    if (!keyFresh(services, connection) && !(await stillConnected(services, keys, connection)))
      return [credentialGone()];
    if (closing) return [shuttingDown()];
    const { principal, info } = connection;
    if (!principal || !info) return [credentialGone()];
    const contextValue = socketOperationContext(services, principal, info, {
      req: connection.request,
      socket: connection.socket,
      params,
      clientGone: connection.open?.signal,
      refusalHeld: place.holdRefusal,
    });
    inFlight.start(ctx, id);
    return {
      schema: args.schema,
      document,
      operationName: args.operationName,
      variableValues: params.variables,
      contextValue,
      rootValue: {
        execute: runReport,
        subscribe: runReport,
        track: (work: () => unknown) => inFlight.execute(ctx, id, work).finally(place.end),
      } as Enveloped,
    };
  }
  return {
    /**
     * Stops taking operations and connections, lets those started finish and their results be
     * written (at most `drainMs`), then closes every socket. A sample stored is thus answered:
     * without the wait its agent would count it unsent (and send it again) or, with a full queue,
     * drop it as the oldest although it was stored.
     */
    async close(drainMs = 5_000) {
      closing = true;
      clearInterval(heldSweep);
      await credentialChanges.return?.();
      stopResubscribed();
      for (const connection of keyed) connection.cancelExpiry?.();
      keyed.clear();
      const drained = await inFlight.settled(drainMs);
      if (!drained)
        services.logger.warn(
          { operations: inFlight.size },
          "socket operations still running at shutdown; their clients send them again",
        );
      await server.dispose();
    },
  };
}

/** A socket's lifetime: each of its operations waiting in line for a held place listens to it. */
function socketOpen(): AbortController {
  const open = new AbortController();
  // Up to 128 refusals held or waiting for admission and 64 operations waiting for a turn or the
  // heavy gate listen at once.
  setMaxListeners(3 * WS_MAX_PENDING + 1, open.signal);
  return open;
}

function credentialGone(): GraphQLError {
  return new GraphQLError("Credential is no longer valid; reconnect", {
    extensions: { code: "UNAUTHENTICATED" },
  });
}

function overShare(): GraphQLError {
  return new GraphQLError(
    `This agent key has ${AGENT_KEY_SHARE} operations at work on this API process; send again once one is answered`,
    { extensions: { code: "RATE_LIMITED", retryAfterSeconds: 1 } },
  );
}

function shuttingDown(): GraphQLError {
  return new UnavailableError("The API is shutting down; send the operation again");
}
