import { readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { waitFor } from "../../agent/test/support/api-process.ts";
import { stopApi } from "./support/fault-api.ts";
import { queueDepth } from "./support/ledger.ts";
import { PrivatePostgres, PrivateRedis } from "./support/private-services.ts";
import { SmallDisk } from "./support/small-disk.ts";
import { API_START_MS, openIncidentByHand, Stack } from "./support/stack.ts";

/**
 * The fault scenarios, each on real processes: it starts what it needs, breaks one part,
 * brings it back, and returns what was lost and how long recovery took (Stack.finish). The
 * suite (recovery.test.ts) asserts on the result; `npm run bench:recovery` prints it.
 */

const sleep = (ms: number) => new Promise((r) => setTimeout(r, Math.max(0, ms)));
/** The fault lasts this long (it is the scenario's parameter, not a wait for something). */
const holdUntil = (start: number, ms: number) => sleep(start + ms - Date.now());

export type Result = Awaited<ReturnType<Stack["finish"]>>;

async function withStack<T>(stack: Stack, run: (stack: Stack) => Promise<T>): Promise<T> {
  try {
    return await run(stack);
  } finally {
    await stack.destroy();
  }
}

/**
 * The API stopped (SIGTERM), then killed (SIGKILL), while the agent pushes; started again each
 * time. Embedded, a second API process is first started on the same data folder: it must be
 * refused (its error is returned) while the first goes on storing.
 */
export async function apiRestart(engine: "pglite" | "postgres") {
  const stack = await Stack.start({ database: engine });
  return withStack(stack, async () => {
    let secondApiError: string | undefined;
    if (engine === "pglite") {
      const second = await stack.api.sibling();
      secondApiError = await second.start(API_START_MS).then(
        () => "it started",
        (error: Error) => error.message,
      );
      await second.kill();
      await stack.waitMore(4);
    }
    for (const signal of ["SIGTERM", "SIGKILL"] as const) {
      await stopApi(stack.api, signal);
      await waitFor(() => queueDepth(stack.agent) >= 4, 30_000, "samples to queue while the API is down");
      await stack.api.start(API_START_MS);
      await stack.recover(`API ${signal} and restart (${engine})`);
    }
    return { ...(await stack.finish(`API restarts on ${engine}`)), secondApiError };
  });
}

/**
 * Production mode on a private PostgreSQL and Redis: PostgreSQL stopped for `pgOutageMs`
 * mid-ingest, then Redis (jobs, pub/sub, rate limits) for `redisOutageMs`; each started again.
 */
export async function serviceOutages(pgOutageMs: number, redisOutageMs: number) {
  const pg = await PrivatePostgres.create();
  const redis = await PrivateRedis.create();
  try {
    const stack = await Stack.start({ database: { url: pg.url }, redisUrl: redis.url });
    return await withStack(stack, async () => {
      await pg.stop("fast");
      const down = Date.now();
      await waitFor(() => queueDepth(stack.agent) >= 4, 30_000, "samples to queue while PostgreSQL is down");
      const healthDuring = await fetch(`${stack.api.url}/healthz`).then((r) => r.status);
      await holdUntil(down, pgOutageMs);
      if (stack.api.pid === undefined)
        throw new Error(`the API died with PostgreSQL: ${stack.api.logs().slice(-2000)}`);
      await pg.start();
      await stack.recover(`PostgreSQL down ${Math.round(pgOutageMs / 1000)} s`);

      await redis.stop();
      const redisDown = Date.now();
      // An incident opened while Redis is away: the call that opens it answers before Redis is
      // started again (its event job waits in the database outbox), and the job runs once Redis is
      // back, and once. Redis stays down until the call has answered: an order, not a race.
      const { incidentId } = await openIncidentByHand(stack.api);
      const outboxed = stack.api.logs().includes("job kept in the database outbox");
      await holdUntil(redisDown, redisOutageMs);
      if (stack.api.pid === undefined)
        throw new Error(`the API died with Redis: ${stack.api.logs().slice(-2000)}`);
      await redis.start();
      await stack.recover(`Redis down ${Math.round(redisOutageMs / 1000)} s`);
      const result = await stack.finish("PostgreSQL and Redis outages");
      const rawId = Buffer.from(incidentId, "base64").toString().split(":").pop() as string;
      await waitFor(
        () => eventJobRuns(stack.api.logs(), rawId) >= 1,
        60_000,
        "the outboxed event job to run",
      );
      return { ...result, healthDuring, outboxed, eventJobRuns: eventJobRuns(stack.api.logs(), rawId) };
    });
  } finally {
    await pg.destroy();
    await redis.destroy();
  }
}

/** How many times the incident-event job of `rawIncidentId` ran (it logs "incident opened" once per run). */
function eventJobRuns(logs: string, rawIncidentId: string): number {
  return logs
    .split("\n")
    .filter((line) => line.includes('"msg":"incident opened"') && line.includes(rawIncidentId)).length;
}

/**
 * A long API outage overflows the agent's queue: the oldest samples are dropped and counted, the
 * rest arrive once and in order. `capacity` events at `intervalMs`; the outage lasts `outageMs`.
 */
export async function queueOverflow(capacity: number, intervalMs: number, outageMs: number) {
  const stack = await Stack.start({}, { sampleIntervalMs: intervalMs, queue: { capacity, batchSize: 500 } });
  return withStack(stack, async () => {
    await stack.api.stop();
    const down = Date.now();
    await holdUntil(down, outageMs);
    await waitFor(() => queueDepth(stack.agent) >= capacity, 60_000, "the queue to fill up");
    await stack.api.start(API_START_MS);
    const up = Date.now();
    const outage = `API down ${Math.round((up - down) / 1000)} s, queue ${capacity} at ${intervalMs} ms`;
    await stack.recover(outage, 300_000);
    const result = await stack.finish(outage, [[down, up]]);
    // The dropped samples are the oldest of the outage: the first stored sample after it began
    // comes after the one hole (at least as many slots as were dropped; a busy machine's skipped
    // slots widen it), and no other hole follows.
    const times = await stack.stored();
    const first = times.findIndex((t) => t > down);
    const hole =
      first > 0 ? Math.round(((times[first] as number) - (times[first - 1] as number)) / intervalMs) - 1 : 0;
    const holeLimit = Math.max(2500, intervalMs * 8);
    const laterHoles = times
      .slice(first + 1)
      .filter((t, i) => t - (times[first + i] as number) > holeLimit).length;
    const batches = stack.agent.daemon?.entries().filter((e) => e.msg === "batch delivered") ?? [];
    const inOrder = batches.every(
      (b, i) => i === 0 || Date.parse(b.first) > Date.parse(batches[i - 1]?.last),
    );
    const duplicates = batches.reduce((n, b) => n + (b.duplicates ?? 0), 0);
    return { ...result, hole, laterHoles, inOrder, duplicates, batches: batches.length };
  });
}

/** libfaketime's preload library (Debian: package libfaketime), or undefined when not installed. */
export function libfaketime(): string | undefined {
  for (const arch of readdirSync("/usr/lib").filter((d) => d.endsWith("-linux-gnu"))) {
    const path = join("/usr/lib", arch, "faketime", "libfaketime.so.1");
    if (readdirSync(join("/usr/lib", arch)).includes("faketime")) return path;
  }
  return undefined;
}

/**
 * The agent's system clock (only the agent's: libfaketime, read again on every call, monotonic
 * time left alone as a real step leaves it) jumps an hour forward, then an hour back, then is
 * right again; each phase lasts `phaseSamples` samples.
 */
export async function clockJump(phaseSamples = 12) {
  const preload = libfaketime();
  if (!preload) throw new Error("libfaketime is not installed (apt-get install faketime)");
  const stack = await Stack.start();
  return withStack(stack, async () => {
    // The agent was started without the preload; restart it with it (a clean stop, no gap).
    await stack.agent.kill("SIGTERM");
    const offsetFile = join(stack.agent.dir, "faketime");
    writeFileSync(offsetFile, "+0");
    stack.agent.start({
      env: {
        LD_PRELOAD: preload,
        FAKETIME_TIMESTAMP_FILE: offsetFile,
        FAKETIME_NO_CACHE: "1",
        FAKETIME_DONT_FAKE_MONOTONIC: "1",
      },
    });
    await stack.waitMore(4);
    for (const offset of ["+3600s", "-3600s"]) {
      writeFileSync(offsetFile, offset);
      await stack.waitMore(phaseSamples);
    }
    writeFileSync(offsetFile, "+0");
    await stack.recover("agent clock +1 h, -1 h, right again");
    return stack.finish("agent clock steps");
  });
}

/**
 * The agent's state directory (queue journal, cursor, status) on a disk that fills up: the
 * agent says so, goes on delivering from memory, and writes its journal again once there is room.
 */
export async function agentDiskFull(fullSamples = 12) {
  const disk = new SmallDisk();
  try {
    const stack = await Stack.start({}, {}, {}, { stateDir: join(disk.dir, "state") });
    return await withStack(stack, async () => {
      disk.fill();
      await waitFor(
        () => stack.agent.logs().includes("cannot write the queue journal"),
        30_000,
        "the agent to report the full disk",
      );
      await stack.waitMore(fullSamples);
      if (stack.agent.daemon?.child.exitCode !== null) throw new Error("the agent died of a full disk");
      disk.free();
      await stack.recover("agent state directory full, then freed");
      // finish() reads the queue back from disk: its cursor must account for every sample.
      return { ...(await stack.finish("agent state directory full")), logs: stack.agent.logs() };
    });
  } finally {
    disk.destroy();
  }
}
