import type { ExecutionResult } from "graphql";
import type { Plugin } from "graphql-yoga";
import type { GraphQLContext } from "../context.ts";
import { rateKeyOf } from "./caller.ts";

/** The window over which a caller's UNAUTHENTICATED answers are counted. */
export const UNAUTHENTICATED_WINDOW_MS = 10_000;
/** Answered at once in a window; the ones after are held. */
export const UNAUTHENTICATED_AT_ONCE = 10;
/** Callers remembered at once; past it the oldest are forgotten (a forgotten one is answered at once). */
const MAX_REMEMBERED = 10_000;

/**
 * A caller without a credential answered UNAUTHENTICATED more than UNAUTHENTICATED_AT_ONCE times
 * in UNAUTHENTICATED_WINDOW_MS has the answers after those held, as a refusal is (`hold`: the rate
 * limiter's, under the caller's key). The first ones are answered at once: a dashboard page whose
 * session expired (a handful of queries at once) is told to sign in without delay.
 * A caller that keeps asking for what needs a credential is scanning or misconfigured; answered at
 * once, such a flood ran flat out: 4 connections asking anonymously for 100 nodes by id got ~50
 * answers a second, each a whole execution (bench:abuse, the largest cost of any one flood to an
 * ordinary query). Held, each of its connections gets about one answer per hold. Windows are fixed
 * (up to twice UNAUTHENTICATED_AT_ONCE at once across a boundary) and counted per process.
 */
export function repeatedUnauthenticatedPlugin(
  hold: (rateKey: string, gone?: AbortSignal) => Promise<void>,
  now: () => number = Date.now,
): Plugin {
  /** Per caller: when its window began and its UNAUTHENTICATED answers since. */
  const windows = new Map<string, { since: number; answered: number }>();
  /** Counts one more answer; true when it is past those answered at once. */
  const overAtOnce = (key: string, at: number): boolean => {
    let window = windows.get(key);
    if (!window || at - window.since >= UNAUTHENTICATED_WINDOW_MS) {
      windows.delete(key);
      if (windows.size >= MAX_REMEMBERED) {
        const oldest = windows.keys().next().value;
        if (oldest !== undefined) windows.delete(oldest);
      }
      window = { since: at, answered: 0 };
      windows.set(key, window);
    }
    window.answered++;
    return window.answered > UNAUTHENTICATED_AT_ONCE;
  };
  return {
    onExecute({ args }) {
      const context = args.contextValue as unknown as Partial<GraphQLContext> & {
        clientGone?: AbortSignal;
        /** Told before a refusal is held: a graphql-ws socket's work cap does not count it (graphql-ws.ts). */
        refusalHeld?: () => void;
      };
      if (context.principal?.kind !== "anonymous") return;
      return {
        async onExecuteDone({ result }) {
          const errors = (result as ExecutionResult).errors;
          if (!errors?.some((error) => error.extensions?.code === "UNAUTHENTICATED")) return;
          const key = rateKeyOf(
            context.principal as GraphQLContext["principal"],
            context.request?.ip ?? null,
          );
          if (!overAtOnce(key, now())) return;
          context.refusalHeld?.();
          await hold(key, context.clientGone);
        },
      };
    },
  };
}
