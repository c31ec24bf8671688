import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  agentDiskFull,
  apiRestart,
  clockJump,
  libfaketime,
  queueOverflow,
  serviceOutages,
} from "./scenarios.ts";
import { assertNothingLost } from "./support/assert-recovery.ts";
import { describeRecovery } from "./support/stack.ts";

// Every scenario of the API's and the agent's faults side by side, each on its own API, database,
// agent and state folder (and private PostgreSQL and Redis where it stops them). They spend most of
// their time waiting: an outage held (PostgreSQL's 60 s), samples to arrive, restarts, and the
// minute rollups once the agent stopped (a minute is rolled up only once it has ended, ~35 s on
// average): services-outage 124 s wall for 15 s of CPU alone. As three files (services-outage,
// api-restart, agent-faults: 119 + 59 + 65 s in CI on December 5) each held one of `npm test`'s two
// slots while a core sat mostly idle; together they hold one slot for about as long as the longest.
// capture-faults.test.ts stays a file of its own: it floods a veth pair (CPU, not mostly waiting)
// and needs network namespaces.

/** The 60 s by default; FAULT_PG_OUTAGE_SECONDS shortens it while iterating. */
const PG_OUTAGE_MS = Number(process.env.FAULT_PG_OUTAGE_SECONDS ?? 60) * 1000;
const REDIS_OUTAGE_MS = Number(process.env.FAULT_REDIS_OUTAGE_SECONDS ?? 10) * 1000;

/**
 * The case (FAULT_LONG_OUTAGE=1): 10 minutes at 100 ms against the default 2,000-event
 * queue. By default the same overflow on a 40-event queue, so it takes seconds.
 */
const long = process.env.FAULT_LONG_OUTAGE === "1";
const CAPACITY = long ? 2000 : 40;
const INTERVAL_MS = 100;
const OUTAGE_MS = long ? 600_000 : CAPACITY * INTERVAL_MS * 2.5;

describe("fault suites on real processes, side by side", { concurrency: true }, () => {
  describe("fault: the API's services go away and come back (private PostgreSQL and Redis)", () => {
    it("PostgreSQL stopped mid-ingest, then Redis: /healthz says so, every sample stored once, jobs catch up", async (t) => {
      const result = await serviceOutages(PG_OUTAGE_MS, REDIS_OUTAGE_MS);
      t.diagnostic(describeRecovery(result));
      assert.equal(result.healthDuring, 503, "/healthz is unhealthy while the database is away");
      assertNothingLost(result);
      assert.ok(
        result.outboxed,
        "the incident-opening call answered while Redis was away (job in the outbox)",
      );
      assert.equal(result.eventJobRuns, 1, "the incident event queued while Redis was away ran once");
    });
  });

  describe("fault: the API restarts while the agent pushes; a second API on the same data folder (real processes)", {
    concurrency: true,
  }, () => {
    for (const engine of ["postgres", "pglite"] as const)
      it(`SIGTERM, then SIGKILL, on ${engine}: every sample stored once, rollups right`, async (t) => {
        const result = await apiRestart(engine);
        t.diagnostic(describeRecovery(result));
        assertNothingLost(result);
        if (engine === "pglite")
          assert.match(
            result.secondApiError ?? "",
            /data folder .* is in use by another Levee API \(pid \d+/,
            "a second API on the same data folder is refused, naming the first",
          );
      });
  });

  describe("fault: the agent's side (queue overflow, clock steps)", { concurrency: true }, () => {
    it(`an API outage longer than the queue (${CAPACITY} events at ${INTERVAL_MS} ms): oldest dropped and counted, the rest once and in order`, async (t) => {
      const result = await queueOverflow(CAPACITY, INTERVAL_MS, OUTAGE_MS);
      t.diagnostic(describeRecovery(result));
      assert.ok(result.dropped > 0, "the queue overflowed");
      assert.ok(
        result.hole >= result.dropped - 1,
        `the outage's first stored sample follows a hole of ${result.hole} slots, the ${result.dropped} dropped`,
      );
      assert.equal(result.laterHoles, 0, "the newest samples of the outage are all there");
      assert.equal(result.missing, 0, "every sample not dropped is stored");
      assert.equal(result.doubled, 0);
      assert.equal(result.rejected, 0);
      assert.equal(result.duplicates, 0, "nothing sent twice");
      assert.ok(result.inOrder, "batches oldest first");
    });

    // Outside CI a machine without libfaketime skips it; .ci/run installs it, so there it fails instead.
    const noFaketime =
      libfaketime() || process.env.CI ? undefined : "libfaketime is not installed (apt-get install faketime)";
    it("the agent's clock jumps an hour forward and back: samples keep their real times", {
      skip: noFaketime,
    }, async (t) => {
      const result = await clockJump();
      t.diagnostic(describeRecovery(result));
      assertNothingLost(result);
      assert.ok(
        Math.abs(result.medianSpacingMs - 250) < 50,
        `samples 250 ms apart, as sampled (median ${result.medianSpacingMs} ms)`,
      );
    });

    const notRoot = process.getuid?.() === 0 || process.env.CI ? undefined : "needs root (mounts a tmpfs)";
    it("the agent's state directory fills up: a clear error, delivery from memory, the journal again when there is room", {
      skip: notRoot,
    }, async (t) => {
      const result = await agentDiskFull();
      t.diagnostic(describeRecovery(result));
      const errors = result.logs.split("\n").filter((l) => l.includes("cannot write the queue journal"));
      assert.equal(errors.length, 1, "said once, clearly");
      assert.match(errors[0] ?? "", /ENOSPC/);
      assertNothingLost(result);
    });
  });
});
