import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { agentCli } from "./support/agent-process.ts";
import { ApiProcess, repoRoot, waitFor } from "./support/api-process.ts";

/**
 * kill -9 while the durable queue is being flushed, several times, then a restart: every sample
 * reaches the real API exactly once (re-sent batches come back as duplicates, never as rows).
 */
describe("durable queue under kill -9 during flush (real API)", () => {
  let api: ApiProcess;
  const dir = mkdtempSync(join(tmpdir(), "levee-crash-"));
  let key = "";
  let nodeId = "";

  before(async () => {
    api = await ApiProcess.create();
    await api.start();
    const { token } = await api.enrollmentToken();
    const env = { LEVEE_AGENT_CONFIG: join(dir, "agent.json") };
    const enrolled = agentCli(["enroll", "--api", api.url, "--token", token], env);
    assert.equal(enrolled.code, 0, enrolled.stderr);
    const config = JSON.parse((await import("node:fs")).readFileSync(join(dir, "agent.json"), "utf8"));
    key = config.agentKey;
    nodeId = (await api.query<{ id: string }>("select id from node"))[0]?.id as string;
  });
  after(async () => {
    await api?.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  function driver(extra: Record<string, string>) {
    const child = spawn(process.execPath, ["--import", "tsx", "agent/test/support/queue-driver.ts"], {
      cwd: repoRoot,
      env: {
        ...process.env,
        QUEUE_DIR: join(dir, "queue"),
        API_URL: api.url,
        AGENT_KEY: key,
        BATCH: "25",
        ...extra,
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    child.stdout.on("data", (d) => (out += d));
    child.stderr.on("data", (d) => (out += d));
    const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
    return { child, output: () => out, exited };
  }

  const stored = async () =>
    (
      await api.query<{ n: number }>("select count(*)::int as n from traffic_sample where node_id = $1", [
        nodeId,
      ])
    )[0]?.n ?? 0;

  it("delivers all 1,500 samples once although the sender is killed mid-flush three times", async () => {
    const total = 1500;
    const base = Date.now() - 3 * 3600_000;
    let run = driver({ ENQUEUE: String(total), BASE_MS: String(base) });
    for (const target of [200, 600, 1000]) {
      await waitFor(async () => (await stored()) >= target, 60_000, `${target} samples stored`);
      run.child.kill("SIGKILL");
      assert.equal(await run.exited, null, "killed, not exited");
      run = driver({});
    }
    await waitFor(() => run.output().includes("drained"), 120_000, "the queue to drain");
    assert.equal(await run.exited, 0);
    await waitFor(async () => (await stored()) === total, 10_000, "the write-behind buffer to flush");
    const rows = await api.query<{ ts: Date }>(
      "select ts from traffic_sample where node_id = $1 order by ts",
      [nodeId],
    );
    assert.deepEqual(
      rows.map((r) => r.ts.getTime()),
      Array.from({ length: total }, (_, i) => base + i * 1000),
      "exactly the queued samples, each once",
    );
    const cursor = JSON.parse(run.output().split("drained ")[1] as string);
    assert.equal(cursor.dropped, 0);
    assert.equal(cursor.depth, 0);
  });
});
