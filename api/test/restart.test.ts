import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { loadConfig } from "../src/config.ts";
import { createLogger } from "../src/logging/logger.ts";
import { createServer } from "../src/server.ts";
import { refreshRollups } from "../src/telemetry/rollups.ts";
import { createTestDatabase, engines, type TestDatabase } from "./databases.ts";
import { createEnrollmentToken, enrollAgent, rawId } from "./fixtures.ts";
import { type Caller, createWorkspace, type TestApi, withClient } from "./harness.ts";
import { report, sample } from "./telemetry-client.ts";

/**
 * "Works after a restart" on each engine: the API is stopped and started again on the same
 * database (embedded: the same PGlite data folder, as `npm start` twice does), and every round
 * ingests, refreshes the rollups and detects an attack.
 */
for (const engine of engines) {
  describe(`restart on the same database (${engine})`, () => {
    const api = withClient({} as TestApi);
    let postgres: TestDatabase | undefined;
    let dataDir: string | undefined;
    let evidenceDir: string;
    let owner: Caller;
    let workspaceId: string;

    const start = async () => {
      api.server = await createServer(api.config, { logger: createLogger("silent") });
    };

    before(async () => {
      evidenceDir = await mkdtemp(join(tmpdir(), "levee-restart-evidence-"));
      api.config = loadConfig({ EVIDENCE_DIR: evidenceDir, LOG_LEVEL: "silent" });
      if (engine === "pglite") {
        dataDir = await mkdtemp(join(tmpdir(), "levee-restart-data-"));
        api.config.database = { kind: "pglite", dataDir };
      } else {
        postgres = await createTestDatabase("postgres");
        api.config.database = postgres.config;
      }
      await start();
      owner = await api.signup(`restart-${engine}@example.com`);
      workspaceId = await createWorkspace(api, owner, `restart-${engine}`);
    });
    after(async () => {
      await api.server?.close(2000);
      await postgres?.drop();
      if (dataDir) await rm(dataDir, { recursive: true, force: true });
      await rm(evidenceDir, { recursive: true, force: true });
    });

    /** One round on a new node: 60 s of traffic stored and rolled up, then a flood detected. */
    async function ingestRollUpAndDetect(round: number) {
      const agent = await enrollAgent(
        api,
        await createEnrollmentToken(api, owner, workspaceId),
        `restart-${round}`,
      );
      const caller = { token: agent.token };
      const minute = Math.floor(Date.now() / 60_000) * 60_000 - (10 - round) * 60_000;
      const normal = Array.from({ length: 60 }, (_, i) => sample(minute + i * 1000, 2000));
      const stored = await report(api, caller, normal);
      assert.equal(stored.__typename, "ReportTelemetryPayload", JSON.stringify(stored));
      assert.equal(stored.accepted, 60, `round ${round}: telemetry stored`);

      const { database } = api.server.services;
      await refreshRollups(database, new Date(minute), new Date(minute + 60_000));
      const [rollup] = await database.sql.query<{ samples: number; avg_pps: number }>(
        "SELECT samples, avg_pps FROM traffic_1m WHERE node_id = $1 AND bucket = $2",
        [rawId(agent.nodeId), new Date(minute)],
      );
      assert.deepEqual(rollup, { samples: 60, avg_pps: 2000 }, `round ${round}: minute rollup`);

      const flood = await report(api, caller, [sample(minute + 60_000, 200_000)]);
      assert.equal(flood.detection.state, "ATTACK", `round ${round}: flood detected`);
      assert.ok(flood.detection.incidentId, `round ${round}: incident opened`);
    }

    test("ingest, rollups and detection work on first start, after a stop and after a second stop", async () => {
      await ingestRollUpAndDetect(0);
      for (const round of [1, 2]) {
        await api.server.close(2000);
        await start();
        await ingestRollUpAndDetect(round);
      }
    });
  });
}
