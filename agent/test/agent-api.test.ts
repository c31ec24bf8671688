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
    // Back-off capped at 2 s (as `npm start` caps its local agent at 1 s): what is checked here is
    // that nothing is lost or reordered, not the 30 s cap (backoff.test.ts), which only made each
    // run wait up to 30 s after the API was back.
    daemon = new AgentDaemon(["--interval-ms", String(INTERVAL_MS), "--log-level", "debug"], {
      ...env,
      LEVEE_AGENT_RETRY_MAX_MS: "2000",
    });
    await waitFor(async () => (await rows()).length >= 4, 30_000, "the first samples");
    const down = Date.now();
    await api.stop();
    // The outage lasts until the agent has queued an outage's worth of samples (no fixed sleep:
    // a loaded machine samples late, and the test waits for it instead of failing).
    const outageSamples = Math.round((OUTAGE_MS / INTERVAL_MS) * 0.7);
    await waitFor(() => status().queue.depth >= outageSamples, OUTAGE_MS + 60_000, "samples to queue up");
    // status.json is rewritten every 5 s: wait for it to tell the push state rather than read one snapshot.
    await waitFor(
      () => status().daemon?.push.state === "retrying",
      30_000,
      "the push state to read retrying",
    );
    const queuedDuringOutage = status().queue.depth;
    assert.ok(queuedDuringOutage >= outageSamples, `queued ${queuedDuringOutage}`);
    await api.start();
    const up = Date.now();
    // Drained: nothing sampled before the API came back is still queued. Not "the queue reads at
    // most 1": the queue counts the batch in flight, so once a round trip outlasts a sampling
    // interval or two (a loaded machine) the live depth never reads ≤ 1 and the wait timed out.
    // The bound is a failure deadline for a loaded machine, not a target.
    await waitFor(
      () => {
        const queue = status().queue;
        return queue.depth === 0 || Date.parse(queue.oldestTs) >= up;
      },
      120_000,
      "the backlog to drain",
    );

    // Compared with what the agent itself acknowledged (its "batch delivered" log lines, written
    // after the API answered), never with a status snapshot taken while it keeps pushing.
    const delivered = () => daemon?.entries().filter((e) => e.msg === "batch delivered") ?? [];
    await waitFor(
      () => delivered().some((b) => Date.parse(b.last) >= up),
      30_000,
      "a batch sampled after the outage to be acknowledged",
    );
    const batches = delivered();
    const lastAcknowledged = Date.parse(batches.at(-1)?.last);
    // A batch the API stored but could not answer as it stopped comes back as duplicates on the
    // retry (idempotent on node and ts): acknowledged once either way.
    const acknowledged = batches.reduce((n, b) => n + b.accepted + b.duplicates, 0);
    const stored = (await rows()).map((r) => r.ts.getTime()).filter((t) => t <= lastAcknowledged);
    assert.equal(stored.length, acknowledged, "every acknowledged sample is stored, once");
    assert.equal(new Set(stored).size, stored.length, "no timestamp twice");
    for (let i = 1; i < batches.length; i++)
      assert.ok(batches[i]?.first > batches[i - 1]?.last, "batches go oldest first, in order");
    assert.ok(
      batches.some((b) => b.count > 1),
      "the backlog went in batches",
    );
    const outage = stored.filter((t) => t > down - 5000 && t < up).length;
    assert.ok(
      outage >= queuedDuringOutage,
      `the outage's samples are there (${outage} of ${queuedDuringOutage})`,
    );
    const after = status().queue;
    assert.deepEqual([after.dropped, after.rejected], [0, 0], "nothing dropped or refused");
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
    // status() runs the CLI synchronously, so the daemon's stderr is read only between polls.
    await waitFor(() => daemon?.logs().includes("refused the agent key"), 10_000, "the refusal in the log");
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
    // The backlog is judged where it lands (rows stored for the new node), not from the status
    // file: its 5 s snapshot plus a CLI spawn per poll missed the window on a loaded machine.
    await waitFor(
      async () => (await rows()).filter((r) => r.node === "edge-2").length >= queued,
      60_000,
      "the backlog delivered with the new key",
    );
    await waitFor(() => status().daemon?.push.state === "ok", 30_000, "the agent to report pushing again");
    assert.equal(await daemon.stop(), 0, "SIGTERM stops it cleanly");
    assert.equal(status().running, false);
  });

  /** A new enrollment token of the workspace, minted by its owner. */
  const enrollmentToken = async (): Promise<string> => {
    const minted = await api.gql(
      `mutation($input: CreateEnrollmentTokenInput!) { createEnrollmentToken(input: $input) {
        ... on CreateEnrollmentTokenPayload { token } } }`,
      { input: { workspaceId } },
      { cookie },
    );
    return minted.body.data.createEnrollmentToken.token;
  };

  it("an enrolment the API refuses (a host name a node already has) exits 65 and writes nothing", async () => {
    const written = readFileSync(configFile, "utf8");
    const token = await enrollmentToken();
    const clash = agentCli(["enroll", "--api", api.url, "--token", token, "--name", "edge-1"], env);
    assert.equal(clash.code, 65, clash.stdout + clash.stderr);
    assert.match(clash.stderr, /A node named "edge-1" exists in this workspace.*--name NAME/);
    assert.equal(readFileSync(configFile, "utf8"), written, "agent.json as it was");
    // The token is not used up: under another name it enrols.
    const other = agentCli(["enroll", "--api", api.url, "--token", token, "--name", "edge-1b"], env);
    assert.equal(other.code, 0, other.stderr);
  });

  it("a re-enrolment without --interface records the interface the agent last followed as its own", async () => {
    const before = JSON.parse(readFileSync(configFile, "utf8"));
    writeFileSync(configFile, JSON.stringify({ ...before, followedInterface: "lo" }), { mode: 0o600 });
    const token = await enrollmentToken();
    const again = agentCli(["enroll", "--api", api.url, "--token", token, "--name", "edge-3"], env);
    assert.equal(again.code, 0, again.stderr);
    const written = JSON.parse(readFileSync(configFile, "utf8"));
    assert.equal(written.interface, "lo", "what `auto` means from now on");
    assert.equal("followedInterface" in written, false, "the followed setting folded into it");
    const [node] = await api.query<{ interface: string }>("select interface from node where name = 'edge-3'");
    assert.equal(node?.interface, "lo", "the new node's setting");
  });

  it("a re-enrolment under LEVEE_AGENT_INTERFACE records the pinned interface, not a setting `run` did not follow", async () => {
    // `followedInterface` written before the pin: `run` under the pin samples eth7 (startInterface).
    const before = JSON.parse(readFileSync(configFile, "utf8"));
    writeFileSync(configFile, JSON.stringify({ ...before, interface: "auto", followedInterface: "lo" }), {
      mode: 0o600,
    });
    const token = await enrollmentToken();
    const again = agentCli(["enroll", "--api", api.url, "--token", token, "--name", "edge-4"], {
      ...env,
      LEVEE_AGENT_INTERFACE: "eth7",
    });
    assert.equal(again.code, 0, again.stderr);
    const [node] = await api.query<{ interface: string }>("select interface from node where name = 'edge-4'");
    assert.equal(node?.interface, "eth7", "the new node's setting: what the pinned agent samples");
    const written = JSON.parse(readFileSync(configFile, "utf8"));
    assert.equal(written.interface, "eth7", "agent.json agrees with the node's setting");
    assert.equal("followedInterface" in written, false, "the old node's setting is gone");
  });
});
