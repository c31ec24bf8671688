import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { GraphQLObjectType, GraphQLSchema, GraphQLString } from "graphql";
import { schema } from "../schema.ts";
import { PUBLIC_ROOT_FIELDS, RESOLVER_GUARDED_ROOT_FIELDS, unguardedRootFields } from "./root-guards.ts";

describe("root field guards", () => {
  it("every root field declares authScopes or is named public or resolver-guarded", () => {
    assert.deepEqual(unguardedRootFields(schema), []);
  });

  it("the lists name only fields that exist (a removed field leaves no stale exception)", () => {
    const roots = [schema.getQueryType(), schema.getMutationType(), schema.getSubscriptionType()];
    const names = new Set(
      roots.flatMap((root) => Object.keys(root?.getFields() ?? {}).map((f) => `${root?.name}.${f}`)),
    );
    for (const name of [...Object.keys(PUBLIC_ROOT_FIELDS), ...Object.keys(RESOLVER_GUARDED_ROOT_FIELDS)])
      assert.ok(names.has(name), `${name} is listed but not in the schema`);
  });

  it("fails on a planted field with no guard, and passes once the field is declared public", () => {
    const planted = new GraphQLSchema({
      query: new GraphQLObjectType({
        name: "Query",
        fields: {
          serverInfo: { type: GraphQLString },
          leakEverything: { type: GraphQLString },
          guarded: { type: GraphQLString, extensions: { pothosOptions: { authScopes: { user: true } } } },
        },
      }),
    });
    assert.deepEqual(unguardedRootFields(planted), ["Query.leakEverything"]);
    const withPublic = { ...PUBLIC_ROOT_FIELDS, "Query.leakEverything": "planted for the test" };
    assert.deepEqual(unguardedRootFields(planted, withPublic), []);
  });
});
