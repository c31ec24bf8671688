import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { buildContext } from "../src/context.ts";
import { engines } from "./databases.ts";
import { useTestApi } from "./harness.ts";

for (const engine of engines) {
  describe(`unique races on ${engine}`, () => {
    const api = useTestApi(engine);

    it("a write that loses a unique race inside ctx.mutate is CONFLICT, not an internal error", async () => {
      const ctx = buildContext(api.server.services, { kind: "anonymous" }, { ip: null, userAgent: null });
      await ctx.db.workspace.create({ data: { slug: "taken", name: "First" } });
      await assert.rejects(
        ctx.mutate((tx) => tx.workspace.create({ data: { slug: "taken", name: "Second" } })),
        (error: { extensions?: { code?: string } }) => error.extensions?.code === "CONFLICT",
      );
    });

    it("parallel createWorkspace calls for one slug: one wins, the others get CONFLICT", async () => {
      const { cookie } = await api.signup("racer@example.com");
      const results = await Promise.all(
        Array.from({ length: 5 }, () =>
          api.gql(
            `mutation { createWorkspace(input: { name: "Race", slug: "race" }) { __typename ... on Error { code } } }`,
            {},
            { cookie },
          ),
        ),
      );
      const kinds = results
        .map((r) => r.data?.createWorkspace?.__typename ?? JSON.stringify(r.errors))
        .sort();
      assert.deepEqual(kinds, [
        "ConflictError",
        "ConflictError",
        "ConflictError",
        "ConflictError",
        "WorkspacePayload",
      ]);
    });
  });
}
