import { buildExecutionContext, execute } from "@graphql-tools/executor";
import {
  createSourceEventStream,
  type DocumentNode,
  type ExecutionArgs,
  type ExecutionResult,
  GraphQLError,
  getOperationAST,
} from "graphql";
import type { Plugin } from "graphql-yoga";

/** What the plugin reports (metrics.ts): executions of an event, and deliveries that reused one. */
export interface SharedEventCounters {
  executed(): void;
  shared(): void;
}

/**
 * Executes a subscription's event once for every subscriber of this process whose result is
 * provably the same, instead of once per subscriber (the executor maps each subscriber's stream
 * through its own execution: 5,000 dashboards on one workspace ran 5,000 executions per event).
 *
 * Two subscribers get one execution when their event is the same published object (the pub/sub
 * targets hand every local listener the one parsed payload), and their schema, document,
 * operation and variable values are the same. The context is the rest of what an execution can
 * read, and it differs per subscriber (caller, role, read grants): the event's first subscriber
 * executes it with its own context behind a proxy that notes any read of it. A result whose
 * execution read nothing of the context is the same for every context and is shared; one that
 * read the context (a field under an auth scope, a database read of the caller's) is that
 * subscriber's alone, and the others execute theirs as before. The dashboard's documents (the
 * event's own fields) are shared; documents reaching into the incident or node are not.
 *
 * A group whose execution once read the context executes per subscriber from then on, without
 * waiting for the first subscriber's execution of each event (that wait doubled the others'
 * latency for nothing): whether a document reads the caller does not change between events in
 * practice, and being wrong that way only costs executions, never a shared result.
 *
 * Access is untouched: each subscriber's own stream (whileAllowed) decides whether it gets the
 * event, before its result is looked up. Results are kept per payload object (WeakMap), so they
 * go with the last reference to the event; an execution names its subscriber by a token of its
 * own, not its context, so a gone subscriber's context is not kept alive by a quiet topic.
 *
 * Sound as long as everything caller-specific reaches resolvers through the context (services
 * via ctx.db, scopes via ctx): caller state kept anywhere else (an AsyncLocalStorage, a
 * module-level cache keyed by session) would escape the watch and must not be added.
 *
 * The `next` frame is still written per subscriber (graphql-ws serialises it with the
 * subscription's id): in profiles of bench:fanout at 5,000 subscribers its serialisation was
 * 2 % of the API's CPU, 5 % once pub/sub subscriptions stopped being Repeaters (topic-pubsub.ts),
 * and graphql-ws' own per-event code another 4-8 %. Splicing the id into one serialisation per
 * group would need a second copy of graphql-ws' subscription loop, not just of its framing.
 */
export function sharedSubscriptionEventsPlugin(counters?: SharedEventCounters): Plugin {
  const events = new SharedEvents(counters);
  return {
    onSubscribe({ subscribeFn, setSubscribeFn }) {
      setSubscribeFn((args) => events.subscribe(args as ExecutionArgs, subscribeFn as Subscribe));
    },
  };
}

type Subscribe = (args: ExecutionArgs) => unknown;

/** One execution of an event for a group of subscribers, and whether it read its context. */
interface Execution {
  /** The execution's subscriber (a token of its subscription): the result is always its own. */
  owner: object;
  settled: Promise<{ contextRead: boolean; outcome: { result: ExecutionResult } | { error: unknown } }>;
}

class SharedEvents {
  /** Per published payload object: its execution per group (schema, document, operation, variables). */
  private readonly byPayload = new WeakMap<object, Map<string, Execution>>();
  private readonly ids = new WeakMap<object, number>();
  private nextId = 0;
  /** Groups whose execution read its context: their subscribers execute alone (bounded: cleared when full). */
  private readonly readers = new Set<string>();

  constructor(private readonly counters?: SharedEventCounters) {}

  async subscribe(args: ExecutionArgs, original: Subscribe): Promise<unknown> {
    const operation = getOperationAST(args.document, args.operationName);
    // Anything but a well-formed subscription (a bad variable, say) is answered by the executor's
    // own subscribe, errors and their codes as before; it fails before any resolver runs.
    if (operation?.operation !== "subscription" || Array.isArray(buildExecutionContext(args)))
      return original(args);
    // The subscribe resolver (access check, pub/sub subscription) runs with the subscriber's own context.
    const source = await createSourceEventStream(args);
    if (!(Symbol.asyncIterator in source)) return source as ExecutionResult;
    const stream = source as AsyncGenerator<unknown>;
    const group = this.groupOf(args);
    const owner = {};
    return mapEvents(
      stream,
      (payload) => this.resultFor(args, owner, group, payload),
      // As the executor's own mapping does: an error of the stream is located at the operation.
      (error) =>
        new GraphQLError((error as Error).message, { originalError: error as Error, nodes: [operation] }),
    );
  }

  /**
   * Subscribers whose executions of one payload are identical but for the context. Undefined
   * when the variables cannot be written as a key (then the subscriber executes alone).
   */
  private groupOf(args: ExecutionArgs): string | undefined {
    let variables: string;
    try {
      variables = JSON.stringify(args.variableValues ?? null);
    } catch {
      return undefined;
    }
    // A resolver or type resolver of the caller's own would be a difference the key cannot see.
    // (The root value is not: each event's execution has the event as its root.)
    if (args.fieldResolver || args.typeResolver) return undefined;
    return `${this.idOf(args.schema)}:${this.idOf(args.document)}:${args.operationName ?? ""}:${variables}`;
  }

  private idOf(object: object): number {
    let id = this.ids.get(object);
    if (id === undefined) {
      id = this.nextId++;
      this.ids.set(object, id);
    }
    return id;
  }

  private async resultFor(args: ExecutionArgs, owner: object, group: string | undefined, payload: unknown) {
    if (group === undefined || this.readers.has(group) || typeof payload !== "object" || payload === null)
      return this.executeAlone(args, payload);
    let executions = this.byPayload.get(payload);
    if (!executions) {
      executions = new Map();
      this.byPayload.set(payload, executions);
    }
    let execution = executions.get(group);
    if (!execution) {
      execution = this.executeWatched(args, owner, payload);
      executions.set(group, execution);
    }
    const { contextRead, outcome } = await execution.settled;
    if (contextRead) {
      if (this.readers.size >= MAX_READER_GROUPS) this.readers.clear();
      this.readers.add(group);
    }
    const own = execution.owner === owner;
    // Another subscriber's result that read its context is not this one's: executed again.
    if (!own && contextRead) return this.executeAlone(args, payload);
    if (!own) this.counters?.shared();
    if ("error" in outcome) throw outcome.error;
    return outcome.result;
  }

  private executeWatched(args: ExecutionArgs, owner: object, payload: unknown): Execution {
    const watched = watchReads(args.contextValue);
    this.counters?.executed();
    const settled = (async () => {
      try {
        const result = await runEvent(args, payload, watched.context);
        return { contextRead: watched.read(), outcome: { result } };
      } catch (error) {
        return { contextRead: watched.read(), outcome: { error } };
      }
    })();
    return { owner, settled };
  }

  private executeAlone(args: ExecutionArgs, payload: unknown): Promise<ExecutionResult> {
    this.counters?.executed();
    return runEvent(args, payload, args.contextValue);
  }
}

/**
 * The executor's own per-event execution (what yoga's subscribe maps each payload through). The
 * caller's abort signal is left out: a shared execution does not end with the subscriber that
 * started it (each subscriber's stream ends with it).
 */
async function runEvent(args: ExecutionArgs, payload: unknown, contextValue: unknown) {
  const result = await execute({
    schema: args.schema,
    document: args.document as DocumentNode,
    operationName: args.operationName,
    variableValues: args.variableValues,
    rootValue: payload,
    contextValue,
    subscribeFieldResolver: args.subscribeFieldResolver,
  });
  // Incremental delivery (@defer/@stream) is not enabled in this schema.
  if ("initialResult" in result) throw new Error("incremental results are not supported on subscriptions");
  return result as ExecutionResult;
}

const TRAPS = [
  "get",
  "has",
  "ownKeys",
  "getOwnPropertyDescriptor",
  "getPrototypeOf",
  "set",
  "defineProperty",
  "deleteProperty",
] as const;

/**
 * The context behind a proxy that notes any use of it (a property read, a key listed, a write).
 * What an execution never touched cannot have made its result.
 */
function watchReads(context: unknown): { context: unknown; read: () => boolean } {
  if (typeof context !== "object" || context === null) return { context, read: () => false };
  let read = false;
  // Every trap notes the use, then does what an unproxied object does; `get` with the target as
  // `this`, so getters and private fields of a context class work as unproxied.
  const handler: ProxyHandler<object> = {};
  for (const trap of TRAPS) {
    const reflect = Reflect[trap] as (...args: unknown[]) => unknown;
    (handler as Record<string, unknown>)[trap] = (...args: unknown[]) => {
      read = true;
      return trap === "get" ? Reflect.get(args[0] as object, args[1] as PropertyKey) : reflect(...args);
    };
  }
  const proxy = new Proxy(context, handler);
  return { context: proxy, read: () => read };
}

/** Groups remembered as reading their context, at most (a key per document and variables). */
const MAX_READER_GROUPS = 10_000;

/**
 * Maps a stream, passing errors of the source through `onError` and ending the source when the
 * consumer returns or the mapping throws (as the executor's own mapping does). A source waiting
 * on an event of its own ends when that event comes.
 */
function mapEvents<T, R>(
  source: AsyncGenerator<T>,
  map: (value: T) => Promise<R>,
  onError: (error: unknown) => unknown,
): AsyncGenerator<R> {
  const mapped: AsyncGenerator<R> = {
    async next() {
      let step: IteratorResult<T>;
      try {
        step = await source.next();
      } catch (error) {
        throw onError(error);
      }
      if (step.done) return { done: true, value: undefined };
      try {
        return { done: false, value: await map(step.value) };
      } catch (error) {
        await source.return(undefined);
        throw error;
      }
    },
    async return() {
      await source.return(undefined);
      return { done: true, value: undefined };
    },
    async throw(error) {
      await source.return(undefined);
      throw error;
    },
    [Symbol.asyncIterator]() {
      return mapped;
    },
  };
  return mapped;
}
