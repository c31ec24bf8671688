import { RequestCache } from "@pothos/plugin-scope-auth";
import type { Plugin } from "graphql-yoga";

/**
 * Drops the scope-auth plugin's cache of an operation that is over: its scopes and the resolved
 * values they were checked on, kept in a WeakMap keyed by the operation's context. V8's minor
 * collections keep every entry of a WeakMap that lives in the old generation, so each operation's
 * context, its cache and all they reach (the parsed request, the answer) survived two of them and
 * went to the old generation, to wait for a full mark-compact. At 5,000 agents reporting every
 * second that was ~4.5 MB promoted per scavenge (half of it after this) and a mark-compact every
 * ~12 s, each a 100–200 ms bump of its second's p99 (bench:ingest under --trace-gc-nvp).
 */
export function forgetRequestCache(context: unknown): void {
  if (context && typeof context === "object") RequestCache.clearForContext(context);
}

/**
 * forgetRequestCache once a query or mutation has its result. Not for subscriptions (their
 * context serves every event, and onExecute does not see them) nor incremental results.
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
