import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { RequestCache } from "@pothos/plugin-scope-auth";
import { builder } from "../builder.ts";
import type { GraphQLContext } from "../context.ts";
import { forgetRequestCache, requestCacheReleasePlugin } from "./request-cache-release.ts";

/** Only what scope-auth reads while nothing is resolved: its cache is all that is looked at here. */
const anonymousContext = () => ({ principal: { kind: "anonymous" } }) as unknown as GraphQLContext;

type Done = (payload: { result: unknown }) => void;

/** The plugin's onExecuteDone for an execution with this context. */
function executeDone(contextValue: object): Done {
  const onExecute = requestCacheReleasePlugin().onExecute as (payload: unknown) => { onExecuteDone: Done };
  return onExecute({ args: { contextValue } }).onExecuteDone;
}

describe("request cache release", () => {
  it("drops a finished operation's scope cache, so nothing of it waits in the WeakMap", () => {
    const context = anonymousContext();
    const cache = RequestCache.fromContext(context, builder);
    assert.equal(RequestCache.fromContext(context, builder), cache, "cached per context while it runs");
    executeDone(context)({ result: { data: { ok: true } } });
    assert.notEqual(RequestCache.fromContext(context, builder), cache);
    assert.doesNotThrow(() => forgetRequestCache(undefined), "an execution without a context");
  });

  it("keeps the cache of an incremental result (none today: no @defer or @stream), whose context still serves what follows", () => {
    const context = anonymousContext();
    const cache = RequestCache.fromContext(context, builder);
    const stream = { async *[Symbol.asyncIterator]() {} };
    executeDone(context)({ result: stream });
    assert.equal(RequestCache.fromContext(context, builder), cache);
  });
});
