import { RequestCache } from "@pothos/plugin-scope-auth";
import type { Plugin } from "graphql-yoga";

/**
 * Drops the scope-auth plugin's cache of an operation that is over: its scopes and the resolved
 * values they were checked on, kept in a WeakMap keyed by the operation's context. V8's minor
 * collections treat the values of a WeakMap in the old generation as live, and each cache points
 * back at its context: every operation's context and cache, and all they reach (the parsed
 * request, the answer), survived two of them and went to the old generation to wait for a full
 * mark-compact. At 5,000 agents reporting every second that was 4.5–5.4 MB promoted per scavenge
 * and a mark-compact every ~12 s, each a 100–200 ms bump of its second's p99 (bench:ingest under
 * BENCH_API_FLAGS="--trace-gc-nvp"); dropped, 2.1–2.5 MB.
 *
 * The key is the context itself (nothing sets Pothos's shared cache symbol on ours): were a
 * shared object ever to carry that symbol, this would drop other operations' caches too.
 * A resolver still running after its result was sent (a sibling of a field whose error nulled
 * their parent) builds a fresh cache; its output is discarded, so that costs only the work.
 */
export function forgetRequestCache(context: unknown): void {
  if (context && typeof context === "object") RequestCache.clearForContext(context);
}

/**
 * forgetRequestCache once a query or mutation has its result. Subscriptions never come here
 * (envelop runs them through onSubscribe, and their events through shared-subscription-events.ts);
 * an execution that rejects skips onExecuteDone and leaves its cache to the full collection, as
 * before. The async-iterable check is defensive: the schema has no @defer or @stream.
 */
export function requestCacheReleasePlugin(): Plugin {
  return {
    onExecute: ({ args }) => ({
      onExecuteDone: ({ result }) => {
        if (!(Symbol.asyncIterator in result)) forgetRequestCache(args.contextValue);
      },
    }),
  };
}
