import type { GraphQLContext } from "../context.ts";
import { type EndSignal, endSignalOf, endsWhen, firstOf } from "../pubsub/ends-when.ts";
import type { Topics } from "../topics.ts";
import { Access } from "./access.ts";
import { expirySignal } from "./credential-expiry.ts";
import type { Permission } from "./permissions.ts";
import type { Principal } from "./principal.ts";

const RECHECK_MS = 5_000;

/** Is the credential behind a principal still good (session not ended, key not revoked)? */
export async function credentialStillValid(
  db: GraphQLContext["db"],
  principal: Principal,
  now = new Date(),
): Promise<boolean> {
  switch (principal.kind) {
    case "user": {
      const session = await db.session.findUnique({
        where: { id: principal.sessionId },
        select: { revokedAt: true, expiresAt: true },
      });
      return sessionValid(session, now);
    }
    case "integration":
    case "agent": {
      const key = await db.apiKey.findUnique({
        where: { id: principal.apiKeyId },
        select: { revokedAt: true, expiresAt: true },
      });
      return apiKeyValid(key, now);
    }
    default:
      return false;
  }
}

/** A session row (or its absence: deleted) still lets its holder in. */
export function sessionValid(
  session: { revokedAt: Date | null; expiresAt: Date } | null,
  now = new Date(),
): boolean {
  return Boolean(session && !session.revokedAt && session.expiresAt > now);
}

/** An API key row (or its absence: deleted) still lets its holder in. */
export function apiKeyValid(
  key: { revokedAt: Date | null; expiresAt: Date | null } | null,
  now = new Date(),
): boolean {
  return Boolean(key && !key.revokedAt && (!key.expiresAt || key.expiresAt > now));
}

/** The outcome of one re-check, and when it started (it vouches for the subscriber from then). */
type Recheck = { at: number } & ({ allowed: boolean } | { error: unknown });

/**
 * Passes a subscription's events on only while the subscriber may still see them: the
 * credential is re-checked and the role re-read (no event goes out on a check older than 5 s),
 * and the stream ends quietly once either is gone — a removed member or a revoked key stops
 * receiving. Once a check is half that old, the next event starts the following one in the
 * background, so a subscriber hearing events every few seconds never waits for the database
 * (an incident's OPENED used to wait for these queries: 80-160 ms on a loaded machine).
 */
export function whileAllowed<T>(
  ctx: GraphQLContext,
  source: AsyncIterable<T>,
  workspaceId: string,
  permission: Permission,
): AsyncGenerator<T> {
  return whileChecked(source, () => sharedCheck(ctx, workspaceId, permission));
}

/** A check's answer, and when the check started if it is older than the call (a shared one). */
type Checked = boolean | { allowed: boolean; at: number };

/**
 * One re-check per caller, workspace and permission at a time, shared by every subscription of
 * this process for SHARE_MS: a dashboard holds several subscriptions, and an event reaching N of
 * them would otherwise start 2 × N queries at once (bench:fanout measured seconds of delay). The
 * answer carries its own start time, so a shared answer never vouches for longer than its age.
 */
const SHARE_MS = 1_000;
const recentChecks = new Map<string, { at: number; seq: number; allowed: Promise<boolean> }>();
/** Checks started so far: a check numbered above n started after the n-th (goneMeanwhile). */
let checksStarted = 0;

/**
 * checksStarted as it was when this turn of the event loop began hearing of a change: every
 * stream that hears of one announcement (or of one reconnect) in the same turn passes this to
 * sharedCheck, and so shares the first check started after it. Each reading the counter anew, the
 * second stream would refuse the first's check (started before its own reading) and start another.
 */
let heardAt: number | undefined;
function checksBeforeThisTurn(): number {
  if (heardAt === undefined) {
    heardAt = checksStarted;
    setImmediate(() => {
      heardAt = undefined;
    });
  }
  return heardAt;
}

/**
 * `startedAfter`: share only a check numbered above it (one that started after a known moment).
 * `credential`: false to read the roles only (a graphql-ws stream, whose socket is closed when
 * its credential ends: see credentialChangeOf).
 */
function sharedCheck(
  ctx: GraphQLContext,
  workspaceId: string,
  permission: Permission,
  startedAfter = -1,
  credential = true,
): Promise<Checked> {
  const { principal } = ctx;
  const who =
    principal.kind === "user"
      ? `session:${principal.sessionId}`
      : principal.kind === "integration" || principal.kind === "agent"
        ? `key:${principal.apiKeyId}`
        : null;
  const check = async () =>
    (!credential || (await credentialStillValid(ctx.db, principal))) &&
    (await new Access(ctx.db, principal).can(workspaceId, permission));
  if (!who) return check();
  const key = `${who}|${workspaceId}|${permission}${credential ? "" : "|roles"}`;
  const now = Date.now();
  const recent = recentChecks.get(key);
  if (recent && now - recent.at < SHARE_MS && recent.seq > startedAfter)
    return recent.allowed.then((allowed) => ({ allowed, at: recent.at }));
  if (recentChecks.size > 10_000)
    for (const [k, v] of recentChecks) if (now - v.at >= SHARE_MS) recentChecks.delete(k);
  const allowed = check();
  recentChecks.set(key, { at: now, seq: ++checksStarted, allowed });
  // A failed look-up is not remembered: the next event asks again.
  allowed.catch(() => recentChecks.delete(key));
  return allowed;
}

/**
 * whileAllowed's schedule over any check (`now`: the clock the checks' ages are measured on).
 *
 * Its return() ends the source first: a generator's return() waits for the step it is in, and
 * on a quiet topic that is a next() of the source no event may ever answer, so a client's
 * complete or disconnect kept the pub/sub listener (and its Redis SUBSCRIBE) and held
 * graphql-ws' close until the topic's next event. Ended, the source answers that next() done.
 */
export function whileChecked<T>(
  source: AsyncIterable<T>,
  check: () => Promise<Checked>,
  now: () => number = Date.now,
): AsyncGenerator<T> {
  const events = source[Symbol.asyncIterator]();
  const checked = checkedEvents({ [Symbol.asyncIterator]: () => events }, check, now);
  const returnChecked = checked.return.bind(checked);
  checked.return = async (value) => {
    await events.return?.();
    return returnChecked(value);
  };
  return checked;
}

async function* checkedEvents<T>(
  source: AsyncIterable<T>,
  check: () => Promise<Checked>,
  now: () => number,
): AsyncGenerator<T> {
  const recheck = (): Promise<Recheck> => {
    const at = now();
    return check().then(
      (answer) =>
        typeof answer === "boolean"
          ? { at, allowed: answer }
          : { at: Math.min(at, answer.at), allowed: answer.allowed },
      (error: unknown) => ({ at, error }),
    );
  };
  let checkedAt = now();
  let pending: Promise<Recheck> | undefined;
  let settled: Recheck | undefined;
  const take = (result: Recheck): boolean => {
    if ("error" in result) throw result.error;
    if (result.allowed) checkedAt = Math.max(checkedAt, result.at);
    return result.allowed;
  };
  for await (const event of source) {
    // A background check that came back refusing ends the stream, however fresh the last one.
    if (settled) {
      const result = settled;
      settled = undefined;
      pending = undefined;
      if (!take(result)) return;
    }
    if (now() - checkedAt >= RECHECK_MS) {
      const result = await (pending ?? recheck());
      pending = undefined;
      settled = undefined;
      if (!take(result)) return;
      // A background check started long ago does not vouch for now.
      if (now() - checkedAt >= RECHECK_MS && !take(await recheck())) return;
    }
    yield event;
    if (!pending && now() - checkedAt >= RECHECK_MS / 2) {
      const started = recheck();
      pending = started;
      void started.then((result) => {
        if (pending === started) settled = result;
      });
    }
  }
}

/** Topics whose events are keyed by one id (every topic is: a workspace's, or a node's). */
type KeyedTopic = Extract<keyof Topics, string>;

/** What ends a stream about one object of the workspace (a node's traffic) when the object goes. */
export interface ObjectEnd {
  /** Its deletion's announcement, listened to before the object was read. */
  deleted: EndSignal;
  /** Whether it is still there: read once the end topics are subscribed (goneMeanwhile). */
  exists: () => Promise<boolean>;
}

/**
 * The one subscription guard: the caller must hold `permission` in the workspace to start
 * (`what` names the object a refusal reports as not found), and receives events only while
 * still allowed (whileAllowed). Every subscription field goes through here. The stream completes
 * when the workspace (or `object`) is deleted, the caller's key is revoked or its credential
 * expires, or any of these happened while it was being set up (goneMeanwhile).
 */
export async function subscribeInWorkspace<K extends KeyedTopic>(
  ctx: GraphQLContext,
  topic: K,
  key: Topics[K][0],
  workspaceId: string,
  permission: Permission,
  what?: string,
  object?: ObjectEnd,
): Promise<AsyncGenerator<Topics[K][1]>> {
  await ctx.access.require(workspaceId, permission, what);
  // Every topic is keyed, but yoga's conditional argument type does not resolve for a generic K.
  const subscribe = ctx.pubsub.subscribe.bind(ctx.pubsub) as unknown as (
    topic: K,
    key: Topics[K][0],
  ) => AsyncIterable<Topics[K][1]>;
  return guardedInWorkspace(ctx, subscribe(topic, key), workspaceId, permission, object);
}

/**
 * subscribeInWorkspace's guard over a stream the caller was already allowed (access.require, by
 * the caller): events pass only while still allowed (whileAllowed), and the stream completes as
 * subscribeInWorkspace's does. For a stream made of several topics' (nodesTrafficUpdated: the
 * traffic of a page of a workspace's nodes), one guard for them all; each node's own end is then
 * the caller's (traffic-follow.ts).
 */
export function guardedInWorkspace<T>(
  ctx: GraphQLContext,
  source: AsyncIterable<T>,
  workspaceId: string,
  permission: Permission,
  object?: ObjectEnd,
): AsyncGenerator<T> {
  const stream = whileAllowed(ctx, source, workspaceId, permission);
  // A deleted workspace publishes nothing again: its streams complete rather than wait for ever.
  const workspaceGone = endSignalOf(ctx.pubsub.subscribe("workspaceDeleted", workspaceId));
  const ends = [
    workspaceGone,
    credentialChangeOf(ctx, workspaceId, permission),
    expiryOf(ctx),
    object?.deleted,
  ];
  // Last: it waits for the subscriptions above to be in place.
  ends.push(goneMeanwhile(ctx, workspaceId, permission, object));
  // Over graphql-ws a credential ended meanwhile closes the socket (http/graphql-ws.ts re-reads
  // its sockets' credentials on the same reconnect): the stream answers for the roles only.
  const credential = !ctx.connectionEndsWithCredential;
  ends.push(
    goneAfterReconnect(ctx, () =>
      stillThere(ctx, workspaceId, permission, object, checksBeforeThisTurn(), credential),
    ),
  );
  return endsWhen(stream, firstOf(ends.filter((end) => end !== undefined)));
}

/**
 * Whether the caller may still see the workspace (credential and roles: sharedCheck, shared by
 * the caller's streams re-checking in the same turn) and `object` is still there.
 */
async function stillThere(
  ctx: GraphQLContext,
  workspaceId: string,
  permission: Permission,
  object: ObjectEnd | undefined,
  startedAfter: number,
  credential = true,
): Promise<boolean> {
  const [answer, exists] = await Promise.all([
    sharedCheck(ctx, workspaceId, permission, startedAfter, credential),
    object ? object.exists() : true,
  ]);
  return (typeof answer === "boolean" ? answer : answer.allowed) && exists;
}

/**
 * Fires when, after this process's pub/sub connection was lost and came back
 * (pubsub.onResubscribed), `stillThere` answers false: a `workspaceDeleted`, `nodeDeleted` or
 * `credentialsChanged` published while the connection was down is lost for good (pub/sub is at
 * most once), and a quiet stream would wait for ever. Costs nothing while the connection holds
 * (one entry in a set per stream); on a reconnect, every open stream re-reads once, as at set-up
 * (goneMeanwhile): one credential and role read per caller, workspace and permission (the
 * listeners run in one turn and share sharedCheck), and each followed node's existence in
 * gathered queries (traffic-follow.ts, nodeStillThere).
 */
export function goneAfterReconnect(
  ctx: Pick<GraphQLContext, "pubsub">,
  stillThere: () => Promise<boolean>,
): EndSignal {
  let fire: () => void = () => {};
  const fired = new Promise<void>((resolve) => {
    fire = resolve;
  });
  let stopped = false;
  const unlisten = ctx.pubsub.onResubscribed(() => {
    stillThere().then(
      (there) => {
        if (!there && !stopped) fire();
      },
      // A failed look-up is not a deletion: the stream's own re-checks still apply.
      () => {},
    );
  });
  return {
    fired,
    stop() {
      stopped = true;
      unlisten();
    },
  };
}

const never = new Promise<void>(() => {});

/**
 * Fires when what the stream's end topics announce happened before their subscriptions were in
 * place. Pub/sub is at most once: a `workspaceDeleted`, `nodeDeleted` or `credentialsChanged`
 * published after the caller's access was read but before this process's SUBSCRIBE reached Redis
 * (or, in-process, before the listener was added) is never heard, and the stream would wait for
 * ever for events that will not come. Once the subscriptions are in place (pubsub.subscribed())
 * every later announcement is heard, and an earlier one was committed before it was published:
 * the credential, the access (which a deleted workspace leaves to nobody) and the object are
 * read once more then. Subscriptions set up together (a node list's rows, an MSP page's
 * workspaces) share that read of the credential and roles: one started after all of them were
 * in place.
 */
function goneMeanwhile(
  ctx: GraphQLContext,
  workspaceId: string,
  permission: Permission,
  object: ObjectEnd | undefined,
): EndSignal {
  let stopped = false;
  const fired = ctx.pubsub
    .subscribed()
    .then(async () => {
      const inPlaceBefore = checksStarted;
      await new Promise((resolve) => setImmediate(resolve));
      if (stopped) return never;
      const there = await stillThere(ctx, workspaceId, permission, object, inPlaceBefore);
      return there || stopped ? never : undefined;
    })
    // A failed look-up is not a deletion: the stream's own re-checks still apply.
    .catch(() => never);
  return {
    fired,
    stop() {
      stopped = true;
    },
  };
}

/**
 * Fires when the caller's session or API key expires: a quiet stream (no event to re-check the
 * credential before) went on past it. None where the connection itself ends at the expiry
 * (graphql-ws closes the socket 4403): a subscription completed first would not be re-subscribed
 * by a client that reconnects, and so would not hear why it ended.
 */
function expiryOf(ctx: GraphQLContext): EndSignal | undefined {
  const { principal } = ctx;
  if (principal.kind === "anonymous" || ctx.connectionEndsWithCredential) return undefined;
  return expirySignal(principal.expiresAt);
}

/**
 * Fires once a change announced through `credentialsChanged` (on every process) leaves the caller
 * without this stream: its API key revoked (announcements naming no user: api-key-cache.ts), or,
 * for a signed-in user, its session ended (sign-out, or a password change ending the user's other
 * sessions) or its membership of the workspace removed or its role changed (announcements naming
 * the user). Without it a quiet stream (no event to re-check before) went on for ever: over SSE
 * for a revoked key, and on any transport for a signed-out browser or a removed member.
 *
 * Over graphql-ws the socket itself is closed (4403) when the session ends or the key is revoked
 * (http/graphql-ws.ts): there a user's stream re-reads the roles only, and ends only for a lost
 * membership, and an API key's (whose scopes never change) does not listen at all. Completed
 * first, a stream would not be re-subscribed by a client that reconnects, and so would not hear
 * why it ended (as expiryOf): a key's client saw `complete`, as for a deleted node, not the 4403.
 *
 * Cost per announcement: one naming another user, a comparison per stream; one naming this user,
 * one session read and one role read per session, workspace and permission among its streams in
 * this process (sharedCheck: streams hearing it in the same turn share the check); one about API
 * keys, one key read per API-key stream, none for users' streams.
 */
function credentialChangeOf(
  ctx: GraphQLContext,
  workspaceId: string,
  permission: Permission,
): EndSignal | undefined {
  const { principal } = ctx;
  if (principal.kind === "anonymous") return undefined;
  if (principal.kind !== "user" && ctx.connectionEndsWithCredential) return undefined;
  const changes = ctx.pubsub.subscribe("credentialsChanged");
  let stopped = false;
  const concerns = (change: { userId?: string }) =>
    principal.kind === "user" ? change.userId === principal.userId : change.userId === undefined;
  const stillAllowed = async (): Promise<boolean> => {
    if (principal.kind !== "user") return credentialStillValid(ctx.db, principal);
    const credential = !ctx.connectionEndsWithCredential;
    const answer = await sharedCheck(ctx, workspaceId, permission, checksBeforeThisTurn(), credential);
    return typeof answer === "boolean" ? answer : answer.allowed;
  };
  const fired = (async () => {
    for (;;) {
      const step = await changes.next();
      if (step.done || stopped) return never;
      if (!concerns(step.value)) continue;
      // A failed look-up is not a revocation: the stream's own re-checks still apply.
      const allowed = await stillAllowed().catch(() => true);
      if (stopped) return never;
      if (!allowed) return;
    }
  })().catch(() => never);
  return {
    fired,
    stop() {
      stopped = true;
      void changes.return?.();
    },
  };
}
