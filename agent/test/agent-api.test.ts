import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { AgentDaemon, agentCli } from "./support/agent-process.ts";
import { ApiProcess, waitFor } from "./support/api-process.ts";

/** LEVEE_AGENT_OUTAGE_SECONDS=60 gives the 60 s case; the default keeps the suite short. */
const OUTAGE_MS = Number(process.env.LEVEE_AGENT_OUTAGE_SECONDS ?? 6) * 1000;
const INTERVAL_MS = 250;

describe("levee-agent against the real API (enrol, test, run, outage, revoked key)", () => {
  let api: ApiProcess;
  let daemon: AgentDaemon | undefined;
  const dir = mkdtempSync(join(tmpdir(), "levee-agent-api-"));
  const configFile = join(dir, "etc", "agent.json");
  const env = { LEVEE_AGENT_CONFIG: configFile, LEVEE_AGENT_STATE_DIR: join(dir, "state") };
  let cookie = "";
  let workspaceId = "";

  before(async () => {
    api = await ApiProcess.create();
    await api.start();
    ({ cookie, workspaceId } = await api.enrollmentToken().then(async (first) => {
      const enrolled = agentCli(
        ["enroll", "--api", api.url, "--token", first.token, "--name", "edge-1"],
        env,
      );
      assert.equal(enrolled.code, 0, enrolled.stderr);
      assert.match(enrolled.stdout, /Enrolled as node "edge-1"/);
      return first;
    }));
  });
  after(async () => {
    await daemon?.stop("SIGKILL");
    await api?.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  const status = () => JSON.parse(agentCli(["status", "--json"], env).stdout);
  const rows = () =>
    api.query<{ ts: Date; node: string }>(
      "select s.ts, n.name as node from traffic_sample s join node n on n.id = s.node_id order by s.ts",
    );

  it("enroll wrote the key with mode 0600 and `test` does a heartbeat round trip", () => {
    assert.equal(statSync(configFile).mode & 0o777, 0o600);
    assert.match(JSON.parse(readFileSync(configFile, "utf8")).agentKey, /^lva_/);
    const test = agentCli(["test"], env);
    assert.equal(test.code, 0, test.stdout + test.stderr);
    assert.match(test.stdout, /api {9}ok, \d+ ms round trip/);
    assert.match(test.stdout, /node {8}edge-1 .*ONLINE/);
  });

  it("an API outage loses nothing: every sample arrives once and in order when it is back", async () => {
    const config = JSON.parse(readFileSync(configFile, "utf8"));
    writeFileSync(configFile, JSON.stringify({ ...config, authRetryMs: 1000 }), { mode: 0o600 });
    daemon = new AgentDaemon(["--interval-ms", String(INTERVAL_MS), "--log-level", "debug"], env);
    await waitFor(async () => (await rows()).length >= 4, 30_000, "the first samples");
    await api.stop();
    const down = Date.now();
    await waitFor(() => status().queue.depth >= 3, 30_000, "samples to queue up");
    await new Promise((r) => setTimeout(r, Math.max(0, OUTAGE_MS - (Date.now() - down))));
    const during = status();
    assert.equal(during.daemon.push.state, "retrying");
    assert.ok(during.queue.depth >= (OUTAGE_MS / INTERVAL_MS) * 0.7, `queued ${during.queue.depth}`);
    await api.start();
    const up = Date.now();
    await waitFor(() => status().queue.depth <= 1, 60_000, "the backlog to drain");
    await waitFor(async () => (await rows()).length >= during.queue.depth, 10_000, "rows");
    const stored = (await rows()).map((r) => r.ts.getTime());
    const gaps = stored.slice(1).map((t, i) => t - (stored[i] as number));
    assert.ok(Math.max(...gaps) < INTERVAL_MS * 3, `no sample missing (largest gap ${Math.max(...gaps)} ms)`);
    assert.ok(
      stored.filter((t) => t > down && t < up).length >= (up - down) / INTERVAL_MS - 3,
      "outage seconds are there",
    );
    const batches = daemon.entries().filter((e) => e.msg === "batch delivered");
    assert.equal(
      batches.reduce((n, b) => n + b.duplicates, 0),
      0,
      "nothing sent twice",
    );
    for (let i = 1; i < batches.length; i++)
      assert.ok(batches[i]?.first > batches[i - 1]?.last, "batches go oldest first, in order");
    assert.ok(
      batches.some((b) => b.count > 1),
      "the backlog went in batches",
    );
    assert.equal(status().queue.sent, (await rows()).length);
  });

  it("a revoked key stops pushing without losing the queue; re-enrolling delivers the backlog", async () => {
    assert.ok(daemon);
    const keyRow = await api.query<{ id: string }>(
      "select id from api_key where kind = 'AGENT' and revoked_at is null",
    );
    const apiKeyId = Buffer.from(`ApiKey:${keyRow[0]?.id}`).toString("base64");
    const revoked = await api.gql(
      `mutation($input: RevokeApiKeyInput!) { revokeApiKey(input: $input) { __typename ... on Error { message } } }`,
      { input: { apiKeyId } },
      { cookie },
    );
    assert.equal(revoked.body.data?.revokeApiKey?.__typename, "ApiKeyPayload", JSON.stringify(revoked.body));
    await waitFor(() => status().daemon?.push.state === "unauthenticated", 20_000, "the key to be refused");
    await waitFor(() => status().queue.depth >= 8, 20_000, "samples to keep queueing");
    assert.equal(daemon.child.exitCode, null, "still running");
    assert.ok(daemon.logs().includes("refused the agent key"));
    const test = agentCli(["test"], env);
    assert.equal(test.code, 77, test.stdout + test.stderr);
    assert.match(test.stderr, /re-enrol/);

    const queued = status().queue.depth;
    const minted = await api.gql(
      `mutation($input: CreateEnrollmentTokenInput!) { createEnrollmentToken(input: $input) {
        ... on CreateEnrollmentTokenPayload { token } } }`,
      { input: { workspaceId } },
      { cookie },
    );
    const again = agentCli(
      [
        "enroll",
        "--api",
        api.url,
        "--token",
        minted.body.data.createEnrollmentToken.token,
        "--name",
        "edge-2",
      ],
      env,
    );
    assert.equal(again.code, 0, again.stderr);
    await waitFor(
      () => status().daemon?.push.state === "ok" && status().queue.depth <= 1,
      30_000,
      "delivery with the new key",
    );
    const toNewNode = (await rows()).filter((r) => r.node === "edge-2").length;
    assert.ok(toNewNode >= queued, `${toNewNode} delivered of ${queued} queued`);
    assert.equal(await daemon.stop(), 0, "SIGTERM stops it cleanly");
    assert.equal(status().running, false);
  });
});
