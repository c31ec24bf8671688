import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { serviceOutages } from "./scenarios.ts";
import { assertNothingLost } from "./support/assert-recovery.ts";
import { describeRecovery } from "./support/stack.ts";

/** The 60 s by default; FAULT_PG_OUTAGE_SECONDS shortens it while iterating. */
const PG_OUTAGE_MS = Number(process.env.FAULT_PG_OUTAGE_SECONDS ?? 60) * 1000;
const REDIS_OUTAGE_MS = Number(process.env.FAULT_REDIS_OUTAGE_SECONDS ?? 10) * 1000;

describe("fault: the API's services go away and come back (private PostgreSQL and Redis)", () => {
  it("PostgreSQL stopped mid-ingest, then Redis: /healthz says so, every sample stored once, jobs catch up", async (t) => {
    const result = await serviceOutages(PG_OUTAGE_MS, REDIS_OUTAGE_MS);
    t.diagnostic(describeRecovery(result));
    assert.equal(result.healthDuring, 503, "/healthz is unhealthy while the database is away");
    assertNothingLost(result);
    assert.ok(result.outboxed, "the incident-opening call answered while Redis was away (job in the outbox)");
    assert.equal(result.eventJobRuns, 1, "the incident event queued while Redis was away ran once");
  });
});
