import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { RequestCache } from "@pothos/plugin-scope-auth";
import { builder } from "../builder.ts";
import { forgetRequestCache, requestCacheReleasePlugin } from "./request-cache-release.ts";

type Done = (payload: { result: unknown }) => void;

/** The plugin's onExecuteDone for an execution with this context. */
function executeDone(contextValue: object): Done {
  const onExecute = requestCacheReleasePlugin().onExecute as (payload: unknown) => { onExecuteDone: Done };
  return onExecute({ args: { contextValue } }).onExecuteDone;
}

describe("request cache release", () => {
  it("drops a finished operation's scope cache, so nothing of it waits in the WeakMap", () => {
    const context = { principal: { kind: "anonymous" } };
    const cache = RequestCache.fromContext(context, builder);
    assert.equal(RequestCache.fromContext(context, builder), cache, "cached per context while it runs");
    executeDone(context)({ result: { data: { ok: true } } });
    assert.notEqual(RequestCache.fromContext(context, builder), cache);
    forgetRequestCache(context);
    forgetRequestCache(undefined); // a context-less execution: nothing to drop
  });

  it("keeps the cache of an incremental result, whose context still serves what follows", () => {
    const context = { principal: { kind: "anonymous" } };
    const cache = RequestCache.fromContext(context, builder);
    const stream = { async *[Symbol.asyncIterator]() {} };
    executeDone(context)({ result: stream });
    assert.equal(RequestCache.fromContext(context, builder), cache);
  });
});
