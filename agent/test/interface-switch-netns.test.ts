import assert from "node:assert/strict";
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { loadPcap } from "../src/capture/pcap-source.ts";
import { AgentDaemon, agentCli, agentCliAsync } from "./support/agent-process.ts";
import { ApiProcess, repoRoot, waitFor } from "./support/api-process.ts";
import { netnsUnavailable, VethPair } from "./support/netns.ts";
import { holdHostTraffic } from "./support/traffic-lock.ts";

const skip = netnsUnavailable();
if (process.env.CI) it("has root and network namespaces (CI)", () => assert.equal(skip, undefined));

const UPDATE_NODE = `mutation($input: UpdateNodeInput!) { updateNode(input: $input) {
  __typename ... on NodePayload { node { interface } } ... on Error { message } } }`;

/**
 * The node's interface setting is the agent's: enrolled with --interface on one veth, the agent
 * moves its sampling and capture to a second veth when the node is edited over the API (learnt on
 * its heartbeat), proves it with that veth's packets in its samples, and refuses an interface the
 * host lacks (keeps sampling, reports why). Traffic only flows between these veths' two ends.
 */
describe("levee-agent run follows the node's interface setting (two veths, real API)", { skip }, () => {
  let api: ApiProcess;
  let first: VethPair;
  let second: VethPair;
  let daemon: AgentDaemon;
  let sender: ChildProcess | undefined;
  let releaseTraffic: (() => void) | undefined;
  let cookie: string;
  let enrolledConfig: Record<string, unknown>;
  let writable: (() => void) | undefined;
  const configFile = () => JSON.parse(readFileSync(env.LEVEE_AGENT_CONFIG, "utf8"));
  let nodeId: string;
  const dir = mkdtempSync(join(tmpdir(), "levee-interface-switch-"));
  const env = { LEVEE_AGENT_CONFIG: join(dir, "agent.json"), LEVEE_AGENT_STATE_DIR: join(dir, "state") };
  const node = async () =>
    (
      await api.query<{ interface: string; sampled: string | null; problem: string | null }>(
        `select interface, sampled_interface as sampled, interface_problem as problem from node`,
      )
    )[0];
  const setInterface = async (name: string) =>
    (await api.gql(UPDATE_NODE, { input: { nodeId, interface: name } }, { cookie })).body.data.updateNode;

  before(async () => {
    releaseTraffic = await holdHostTraffic(); // its packets and its agent's rates: see traffic-lock.ts
    first = new VethPair();
    second = new VethPair();
    api = await ApiProcess.create({});
    await api.start();
    const minted = await api.enrollmentToken();
    cookie = minted.cookie;
    const enrolled = agentCli(
      ["enroll", "--api", api.url, "--token", minted.token, "--interface", first.host],
      env,
    );
    assert.equal(enrolled.code, 0, enrolled.stderr);
    const config = JSON.parse(readFileSync(env.LEVEE_AGENT_CONFIG, "utf8"));
    nodeId = config.nodeId;
    enrolledConfig = { ...config, heartbeatIntervalMs: 1000 };
    writeFileSync(env.LEVEE_AGENT_CONFIG, JSON.stringify(enrolledConfig), {
      mode: 0o600,
    });
    daemon = new AgentDaemon(["--log-level", "debug"], env);
  });
  after(async () => {
    writable?.();
    sender?.kill("SIGKILL");
    await daemon?.stop();
    first?.destroy();
    second?.destroy();
    releaseTraffic?.();
    await api?.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  it("records the enrolled interface as the setting and reports sampling it", async () => {
    const sampling = await waitFor(
      async () => (await node())?.sampled === first.host,
      30_000,
      "first veth reported",
    );
    assert.ok(sampling);
    assert.equal((await node())?.interface, first.host, "enrolment set the node's setting");
  });

  it("switches sampling and capture to the second veth when the node is edited", async () => {
    assert.equal((await setInterface(second.host)).__typename, "NodePayload");
    await waitFor(async () => (await node())?.sampled === second.host, 30_000, "second veth reported");
    // With libpcap the capture moves too (without it, capture is off and only sampling moves).
    const capturing = loadPcap().ok;
    if (capturing)
      await waitFor(
        () => daemon.entries().some((e) => e.msg === "packet capture on" && e.device === second.host),
        10_000,
        "capture re-opened on the second veth",
      );
    // Its packets are in the samples now: the agent really reads the second veth's counters.
    sender = spawn(...second.udpSender(9999, 0, "switch", 300), { cwd: repoRoot, stdio: "ignore" });
    await waitFor(
      async () =>
        (
          await api.query<{ n: number }>(
            `select count(*)::int as n from traffic_sample where interface = $1 and rx_pps > 100`,
            [second.host],
          )
        )[0]?.n,
      30_000,
      "samples of the second veth carrying its packets",
    );
    if (capturing)
      await waitFor(
        async () => {
          const status = JSON.parse((await agentCliAsync(["status", "--json"], env)).stdout);
          return status.daemon?.interface === second.host && status.daemon.capture.received > 100;
        },
        30_000,
        "the capture on the second veth receiving its packets",
      );
    sender.kill("SIGKILL");
    sender = undefined;
    // Followed, so written to agent.json's followedInterface (every other key, the agent key and
    // the enrolled `interface` too, as they were; mode 0600).
    await waitFor(() => configFile().followedInterface === second.host, 10_000, "the setting in agent.json");
    assert.deepEqual(configFile(), { ...enrolledConfig, followedInterface: second.host });
    assert.equal(statSync(env.LEVEE_AGENT_CONFIG).mode & 0o777, 0o600);
  });

  it("keeps sampling and reports the problem when the setting names an interface the host lacks", async () => {
    assert.equal((await setInterface("lvnosuch0")).__typename, "NodePayload");
    const refused = await waitFor(
      async () => {
        const row = await node();
        return row?.problem ? row : undefined;
      },
      30_000,
      "the problem reported",
    );
    assert.ok(refused);
    assert.equal(refused.problem, "lvnosuch0 does not exist on this host");
    assert.equal(refused.sampled, second.host, "still sampling the second veth");
    // `levee-agent status` says so too (its file is rewritten every 5 s: waited for, not slept on).
    const line = `interface   ${second.host} (the node's setting is not followed: lvnosuch0 does not exist on this host)`;
    await waitFor(
      async () => (await agentCliAsync(["status"], env)).stdout.includes(line),
      30_000,
      "the problem in levee-agent status",
    );
  });

  it("starts a restarted agent on the setting it wrote to agent.json", async () => {
    await daemon.stop();
    daemon = new AgentDaemon(["--log-level", "debug"], env);
    const started = await waitFor(
      () => daemon.entries().find((e) => e.msg === "levee-agent running"),
      30_000,
      "the restarted agent running",
    );
    assert.equal(started?.interface, second.host, "sampling the second veth from its first sample");
  });

  it("goes back to the enrolled interface for a setting of auto, and removes the followed one from agent.json", async () => {
    assert.equal((await setInterface("auto")).__typename, "NodePayload");
    await waitFor(async () => (await node())?.sampled === first.host, 30_000, "back on the enrolled veth");
    await waitFor(() => !("followedInterface" in configFile()), 10_000, "followedInterface removed");
    assert.deepEqual(configFile(), enrolledConfig);
  });

  it("goes on following the setting when agent.json cannot be written, and says so once", async () => {
    const folder = dir;
    execFileSync("chattr", ["+i", folder]); // root ignores modes: an immutable directory is read-only to it
    writable = () => {
      execFileSync("chattr", ["-i", folder]);
      writable = undefined;
    };
    const warnings = () =>
      daemon.entries().filter((e) => /cannot write the followed interface setting/.test(e.msg)).length;
    assert.equal((await setInterface(second.host)).__typename, "NodePayload");
    await waitFor(async () => (await node())?.sampled === second.host, 30_000, "on the second veth again");
    await waitFor(() => warnings() === 1, 10_000, "the warning");
    // Another setting followed: written (tried) again, not said again.
    assert.equal((await setInterface("lo")).__typename, "NodePayload");
    await waitFor(async () => (await node())?.sampled === "lo", 30_000, "on lo");
    assert.equal(warnings(), 1, "said once");
    assert.deepEqual(configFile(), enrolledConfig, "agent.json as it was");
    writable();
  });
});
