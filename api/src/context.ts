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

/**
 * One more operation's context on a connection whose context was built once (buildContext): the
 * services, database and caller are read through it, and the operation gets its own access
 * checks, read grants and mutate, as each HTTP request does. Copying the ~30 services into every
 * operation's context was ~8 % of an agent's per-second report over its socket.
 */
export function operationContext(connection: GraphQLContext): GraphQLContext {
  const context = Object.create(connection) as GraphQLContext;
  const { db, principal, request } = connection;
  const access = new Access(db, principal);
  context.access = access;
  context.readGrants = new Set();
  context.mutate = mutateAs(db, access, actorOf(principal), request);
  return context;
}

function mutateAs(
  db: Database["prisma"],
  access: Access,
  actor: Actor,
  request: RequestInfo,
): GraphQLContext["mutate"] {
  return async (fn, as = actor) => {
    const result = await db
      .$transaction((tx) => fn(tx, (record) => appendAudit(tx, as, request.ip, record)))
      .catch(uniqueToConflict);
    access.refresh(); // what the answer shows is checked against the roles as they are now
    return result;
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
