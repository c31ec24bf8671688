import { type AuditRecord, appendAudit, type Tx } from "./audit/audit-recorder.ts";
import { Access } from "./auth/access.ts";
import { type Actor, actorOf, type Principal } from "./auth/principal.ts";
import type { Database } from "./db/database.ts";
import { ConflictError } from "./errors.ts";
import type { AppServices } from "./services.ts";

// The request context only; the long-lived parts it spreads are defined in services.ts.
export type { AppServices } from "./services.ts";

export interface RequestInfo {
  ip: string | null;
  userAgent: string | null;
}

/**
 * Per request (HTTP) or per connection (graphql-ws). Everything about the caller reaches
 * resolvers through it, and nothing caller-specific is kept elsewhere (no AsyncLocalStorage,
 * no module-level cache keyed by session): subscription events are shared between subscribers
 * whose execution read nothing of their context (http/shared-subscription-events.ts).
 */
export interface GraphQLContext extends AppServices {
  db: Database["prisma"];
  principal: Principal;
  access: Access;
  request: RequestInfo;
  /** `Type:id` of objects a service handed to a caller no role covers (see grantRead). */
  readGrants: Set<string>;
  /** Queue a Set-Cookie header for the HTTP response (ignored on WebSocket connections). */
  setCookie(cookie: string): void;
  /**
   * True where the connection itself ends when the caller's credential expires or is ended
   * (graphql-ws closes the socket 4403): its subscriptions then set no timer of their own, and
   * do not end on their own for a revoked key or an ended session (live-access.ts).
   */
  connectionEndsWithCredential?: boolean;
  /** Run fn in one transaction with an audit recorder bound to the caller (or the actor given). */
  mutate<T>(
    fn: (tx: Tx, audit: (record: AuditRecord) => Promise<void>) => Promise<T>,
    actor?: Actor,
    options?: MutateOptions,
  ): Promise<T>;
}

export interface MutateOptions {
  /**
   * Run fn again (at most twice more) when PostgreSQL aborted its transaction to end a deadlock.
   * Only for a fn whose every effect is inside the transaction (nothing sent or published), and
   * that takes many rows' locks in an order other writers cannot all share (a cascading delete).
   */
  retryDeadlocks?: boolean;
}

export function buildContext(
  services: AppServices,
  principal: Principal,
  request: RequestInfo,
  setCookie: (cookie: string) => void = () => {},
): GraphQLContext {
  const db = services.database.prisma;
  const access = new Access(db, principal);
  return {
    ...services,
    db,
    principal,
    access,
    request,
    readGrants: new Set(),
    setCookie,
    mutate: mutateAs(db, access, actorOf(principal), request),
  };
}

/** What an operation on a graphql-ws socket adds to its context (graphql-ws.ts, operation-limits.ts). */
export interface SocketOperationFields {
  req: unknown;
  socket: unknown;
  params: unknown;
  /** Aborted when the socket closes: its operations stop waiting for their turn. */
  clientGone: AbortSignal | undefined;
  /** Told before a refusal is held (the socket counts it apart from its work). */
  refusalHeld: () => void;
}

type SocketOperationContext = GraphQLContext & SocketOperationFields;
type SocketOperationClass = new (
  principal: Principal,
  request: RequestInfo,
  fields: SocketOperationFields,
) => SocketOperationContext;

const socketOperationClasses = new WeakMap<AppServices, SocketOperationClass>();

/**
 * An operation's context on a graphql-ws socket (the agent's report, ~every second per node):
 * the services and database are read through one prototype shared by every operation of the
 * process, and the caller, its access checks, read grants, mutate and the socket's fields are
 * the operation's own, as each HTTP request's are. Every such context has one shape: a
 * prototype per connection (the connection's context) gave each socket's operations a shape of
 * their own, and each resolver's reads of the context went the slow, megamorphic way across
 * 10,000 of them. Copying the ~30 services into every operation's context was ~8 % of a report.
 */
export function socketOperationContext(
  services: AppServices,
  principal: Principal,
  request: RequestInfo,
  fields: SocketOperationFields,
): SocketOperationContext {
  let Context = socketOperationClasses.get(services);
  if (!Context) {
    const db = services.database.prisma;
    const shared = { ...services, db, setCookie: () => {} };
    class OperationContext {
      principal: Principal;
      request: RequestInfo;
      access: Access;
      readGrants: Set<string>;
      mutate: GraphQLContext["mutate"];
      req: unknown;
      socket: unknown;
      params: unknown;
      clientGone: AbortSignal | undefined;
      refusalHeld: () => void;
      constructor(principal: Principal, request: RequestInfo, fields: SocketOperationFields) {
        this.principal = principal;
        this.request = request;
        this.access = new Access(db, principal);
        this.readGrants = new Set();
        this.mutate = mutateAs(db, this.access, actorOf(principal), request);
        this.req = fields.req;
        this.socket = fields.socket;
        this.params = fields.params;
        this.clientGone = fields.clientGone;
        this.refusalHeld = fields.refusalHeld;
      }
    }
    Object.setPrototypeOf(OperationContext.prototype, shared);
    Context = OperationContext as unknown as SocketOperationClass;
    socketOperationClasses.set(services, Context);
  }
  return new Context(principal, request, fields);
}

function mutateAs(
  db: Database["prisma"],
  access: Access,
  actor: Actor,
  request: RequestInfo,
): GraphQLContext["mutate"] {
  return async (fn, as = actor, options) => {
    const run = () => db.$transaction((tx) => fn(tx, (record) => appendAudit(tx, as, request.ip, record)));
    let result: Awaited<ReturnType<typeof run>>;
    for (let attempt = 1; ; attempt++) {
      try {
        result = await run();
        break;
      } catch (error) {
        if (!options?.retryDeadlocks || !isDeadlock(error)) uniqueToConflict(error);
        if (attempt >= DEADLOCK_ATTEMPTS)
          throw new ConflictError("Other changes to the same rows kept getting in the way; try again");
        // The other side goes on once this one is aborted; a short, varied pause lets it finish
        // rather than meet it again at once.
        await new Promise((resolve) => setTimeout(resolve, 20 * attempt + Math.random() * 30));
      }
    }
    access.refresh(); // what the answer shows is checked against the roles as they are now
    return result;
  };
}

const DEADLOCK_ATTEMPTS = 3;

/**
 * PostgreSQL aborted the transaction to end a deadlock (40P01), or a serialization failure
 * (40001, equally safe to run again). Prisma's adapter names both P2034; the driver's own code is
 * also read (`meta.driverAdapterError.cause.originalCode`, where a model query's error carries it),
 * for a raw query's error, which Prisma may name otherwise.
 */
function isDeadlock(error: unknown): boolean {
  const e = error as { code?: string; meta?: { driverAdapterError?: { cause?: { originalCode?: string } } } };
  const code = e?.meta?.driverAdapterError?.cause?.originalCode;
  return e?.code === "P2034" || code === "40P01" || code === "40001";
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
