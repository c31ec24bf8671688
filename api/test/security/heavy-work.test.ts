// bench:abuse's concern replayed as a test: one caller's flood of expensive operations may not
// take the process from everyone else. A caller holds at most GRAPHQL_HEAVY_PER_CALLER (2) heavy
// operations, running or waiting; the next is refused RATE_LIMITED at once, while another
// caller's ordinary query is answered and its heavy one waits its turn instead of being refused.
import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import { createTenant, type Tenant } from "../fixtures.ts";
import { useTestApi } from "../harness.ts";
import { lockNodeTable } from "../support/node-table-lock.ts";

// With GRAPHQL_MAX_COST 2000, anything over 200 is heavy: this one costs ~360.
const HEAVY = `query { workspaces(first: 1) { edges { node { nodes(first: 50) { edges { node { name hostname status } } } } } } }`;
const ORDINARY = "query { me { email } }";

describe("heavy operations per caller (postgres)", () => {
  const api = useTestApi("postgres", { GRAPHQL_MAX_COST: "2000" });
  let tenant: Tenant;
  before(async () => {
    tenant = await createTenant(api, "heavy");
  });

  it("a caller's third concurrent heavy query is RATE_LIMITED; another caller is answered", {
    timeout: 60_000,
  }, async () => {
    // Heavy queries read the node table: locked, the first holds its place until we let go.
    const lock = await lockNodeTable(api);
    try {
      const key = { token: tenant.integration.token };
      const first = api.gql(HEAVY, {}, key);
      for (;;) {
        const { rows } = await lock.query(
          "SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'",
        );
        if (rows[0].n > 0) break;
      }
      // One of these waits behind the first; the other is one too many for this caller.
      const second = api.gql(HEAVY, {}, key);
      const third = api.gql(HEAVY, {}, key);
      const refused = await Promise.race([second, third]);
      assert.equal(refused.errors?.[0]?.extensions?.code, "RATE_LIMITED", JSON.stringify(refused));
      assert.equal(refused.data, undefined);

      const ordinary = await api.gql(ORDINARY, {}, tenant.owner);
      assert.equal(ordinary.errors, undefined);
      assert.ok(ordinary.data.me.email, "another caller is answered while the heavy ones hold");
      const otherHeavy = api.gql(HEAVY, {}, tenant.owner);
      await lock.query("COMMIT");
      const answers = await Promise.all([first, second, third, otherHeavy]);
      const ran = answers.filter((a) => a.errors === undefined && a.data?.workspaces);
      assert.equal(ran.length, 3, "the first, the one that waited, and the other caller's");
    } finally {
      await lock.end();
    }
  });
});
