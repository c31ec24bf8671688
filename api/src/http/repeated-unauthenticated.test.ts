import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { createSchema, createYoga } from "graphql-yoga";
import { AuthenticationError } from "../errors.ts";
import {
  repeatedUnauthenticatedPlugin,
  UNAUTHENTICATED_AT_ONCE,
  UNAUTHENTICATED_WINDOW_MS,
} from "./repeated-unauthenticated.ts";

/** A yoga whose `secret` needs a credential; every hold is recorded (by key) and returns at once. */
function yogaWithHold(kind = "anonymous") {
  const held: string[] = [];
  let clock = 0;
  const yoga = createYoga({
    schema: createSchema<{ principal: { kind: string }; request: { ip: string } }>({
      typeDefs: "type Query { secret: String  open: String }",
      resolvers: {
        Query: {
          secret: (_root: unknown, _args: unknown, ctx: { principal: { kind: string } }) => {
            if (ctx.principal.kind === "anonymous") throw new AuthenticationError();
            return "s";
          },
          open: () => "o",
        },
      },
    }),
    context: () => ({ principal: { kind }, request: { ip: "203.0.113.9" } }),
    plugins: [
      repeatedUnauthenticatedPlugin(
        async (key) => {
          held.push(key);
        },
        () => clock,
      ),
    ],
  });
  const ask = async (query: string) => {
    const response = await yoga.fetch("http://levee.test/graphql", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ query }),
    });
    return { status: response.status, body: await response.text() };
  };
  return { ask, held, advance: (ms: number) => (clock += ms) };
}

describe("repeated UNAUTHENTICATED answers are held", () => {
  it("answers the first ones of a window at once and holds the rest under the caller's address", async () => {
    const { ask, held, advance } = yogaWithHold();
    for (let i = 0; i < UNAUTHENTICATED_AT_ONCE; i++) {
      const answer = await ask("{ secret }");
      assert.equal(answer.status, 401);
    }
    assert.deepEqual(held, [], "the first ones are told at once");
    const next = await ask("{ secret }");
    assert.equal(next.status, 401);
    assert.match(next.body, /UNAUTHENTICATED/);
    assert.equal(held.length, 1, "past them, each answer is held");
    assert.match(String(held[0]), /203\.0\.113\.9/);
    // Reads that need no credential are never held, however many UNAUTHENTICATED came before.
    assert.equal((await ask("{ open }")).status, 200);
    assert.equal(held.length, 1);
    // A new window: at once again.
    advance(UNAUTHENTICATED_WINDOW_MS);
    await ask("{ secret }");
    assert.equal(held.length, 1);
  });

  it("never holds a caller with a credential", async () => {
    const { ask, held } = yogaWithHold("user");
    for (let i = 0; i < UNAUTHENTICATED_AT_ONCE + 5; i++) assert.equal((await ask("{ secret }")).status, 200);
    assert.deepEqual(held, []);
  });
});
