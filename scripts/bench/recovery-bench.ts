// npm run bench:recovery — per fault, the time from the failed part being back to the first
// newly stored sample and to a drained agent backlog, with what was lost (nothing) beside it.
// Real processes throughout (scripts/faults). BENCH_PG_OUTAGE_SECONDS (60),
// BENCH_REDIS_OUTAGE_SECONDS (10) and BENCH_LONG_OUTAGE_SECONDS (600: the issue's 10-minute API
// outage at 100 ms against the default 2,000-event queue) shorten or lengthen the faults.
import { availableParallelism, loadavg } from "node:os";
import { agentDiskFull, apiRestart, clockJump, queueOverflow, serviceOutages } from "../faults/scenarios.ts";
import type { Recovery } from "../faults/support/ledger.ts";
import { npmStartRestart } from "./npm-start-restart.ts";

const pgOutage = Number(process.env.BENCH_PG_OUTAGE_SECONDS ?? 60) * 1000;
const redisOutage = Number(process.env.BENCH_REDIS_OUTAGE_SECONDS ?? 10) * 1000;
const longOutage = Number(process.env.BENCH_LONG_OUTAGE_SECONDS ?? 600) * 1000;

// BENCH_ONLY=npm-start runs only the first row; BENCH_ONLY=faults skips it.
const only = process.env.BENCH_ONLY;
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`.padStart(8);
let failed = false;
if (only !== "faults") {
  try {
    const loadBefore = loadavg()[0] ?? 0;
    const t = await npmStartRestart();
    const load = `load average ${loadBefore.toFixed(1)} → ${(loadavg()[0] ?? 0).toFixed(1)} on ${availableParallelism()} cores`;
    console.log(
      `npm start → stop → npm start: the local node's live traffic on graphql-ws ${seconds(t.apiTrafficMs).trim()} ` +
        `from the API, ${seconds(t.webTrafficMs).trim()} through the web origin (target ≤ 5 s); /healthz at ${seconds(t.healthMs).trim()} (${load})\n`,
    );
    const steps = Object.entries(t.milestones).map(([step, ms]) => `${step} ${seconds(ms).trim()}`);
    console.log(`  second start: ${steps.join(" · ")}`);
    console.log(
      `  CPU: the API ${t.apiCpuMs ?? "?"} ms when it listened; all of npm start ${t.groupCpuMs ?? "?"} ms by the first live traffic`,
    );
    if (t.apiPhasesMs)
      console.log(
        `  API start phases (ms): ${Object.entries(t.apiPhasesMs)
          .map(([phase, ms]) => `${phase} ${ms}`)
          .join(" · ")}\n`,
      );
    if (t.webTrafficMs > 5000 || t.apiTrafficMs > 5000) console.log("  (over the 5 s target)\n");
  } catch (error) {
    failed = true;
    console.log(`npm start → stop → npm start failed: ${(error as Error).message.slice(0, 2000)}\n`);
  }
}

const runs: [string, () => Promise<Recovery>][] =
  only === "npm-start"
    ? []
    : [
        ["API restarts (PostgreSQL)", () => apiRestart("postgres")],
        ["API restarts (embedded PGlite)", () => apiRestart("pglite")],
        ["PostgreSQL and Redis outages", () => serviceOutages(pgOutage, redisOutage)],
        ["agent clock steps", () => clockJump()],
        ["agent state directory full", () => agentDiskFull()],
        ["long API outage, queue overflow", () => queueOverflow(2000, 100, longOutage)],
      ];

console.log(
  `${"fault".padEnd(44)} ${"1st sample".padStart(10)} ${"drained".padStart(8)}  lost doubled  dropped(oldest)`,
);
for (const [name, run] of runs) {
  try {
    const r = await run();
    for (const f of r.faults)
      console.log(
        `${f.fault.padEnd(44)} ${seconds(f.firstSampleMs).padStart(10)} ${seconds(f.drainedMs)}  ${String(r.missing).padStart(4)} ${String(r.doubled).padStart(7)}  ${String(r.dropped).padStart(8)}`,
      );
    if (r.missing || r.doubled || r.holes) failed = true;
  } catch (error) {
    failed = true;
    console.log(`${name.padEnd(44)} failed: ${(error as Error).message.slice(0, 300)}`);
  }
}
console.log(
  "\n1st sample / drained: from the failed part answering again (API healthy, database or Redis\n" +
    "started, disk freed, clock right) to the first new sample stored and to an empty agent queue.\n" +
    "The agent backs off up to 30 s with jitter while the API is away, which bounds the first figure.",
);
process.exit(failed ? 1 : 0);
