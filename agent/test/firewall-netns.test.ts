import assert from "node:assert/strict";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { ACTION_TYPES, exampleParams } from "@levee/shared/firewall";
import { kernelCapabilities } from "../src/firewall/capabilities.ts";
import { commandRunner } from "../src/firewall/command-runner.ts";
import { type ActionReport, FirewallExecutor } from "../src/firewall/executor.ts";
import { FirewallController } from "../src/firewall/firewall-controller.ts";
import { FirewallState } from "../src/firewall/firewall-state.ts";
import { silentLogger } from "../src/log.ts";
import { waitFor } from "./support/api-process.ts";
import { netnsUnavailable } from "./support/netns.ts";
import { NamespacePair, snapshot } from "./support/netns-pair.ts";

const tools = ["nft", "iptables", "ipset", "tc"].find(
  (tool) => !process.env.PATH?.split(":").some((dir) => existsSync(join(dir, tool))),
);
const skip = netnsUnavailable() ?? (tools ? `${tools} is not installed` : undefined);
if (process.env.CI)
  it("has root, network namespaces, nft, iptables, ipset and tc (CI)", () => assert.equal(skip, undefined));

let counter = 0;
const nextId = () => `t${process.pid.toString(36)}${(counter++).toString(36)}`.slice(0, 12).padEnd(6, "0");

describe("firewall executor in a network namespace (real nft, iptables, ipset, tc)", { skip }, () => {
  let pair: NamespacePair;
  let dir: string;
  let state: FirewallState;
  let executor: FirewallExecutor;
  let baseline: string;
  const apply = (type: string, params: Record<string, unknown>, slot = 1) =>
    executor.apply({ id: nextId(), type, slot, params }, { permanent: false, expiresAt: null });

  before(() => {
    pair = new NamespacePair();
    dir = mkdtempSync(join(tmpdir(), "levee-fw-"));
    // The host's own rules, which Levee must leave exactly as they are.
    pair.inVictim("nft", "add", "table", "inet", "hostfw");
    pair.inVictim(
      "nft",
      "add",
      "chain",
      "inet",
      "hostfw",
      "input",
      "{",
      "type",
      "filter",
      "hook",
      "input",
      "priority",
      "0",
      ";",
      "}",
    );
    pair.inVictim("nft", "add", "rule", "inet", "hostfw", "input", "tcp", "dport", "22", "accept");
    pair.inVictim("iptables", "-A", "INPUT", "-p", "tcp", "--dport", "22", "-j", "ACCEPT");
    pair.inVictim(
      "iptables",
      "-t",
      "raw",
      "-A",
      "PREROUTING",
      "-p",
      "tcp",
      "--dport",
      "2222",
      "-j",
      "ACCEPT",
    );
    state = new FirewallState(dir);
    executor = new FirewallExecutor({
      state,
      run: commandRunner({ netns: pair.victim }),
      protectedPrefixes: () => [{ prefix: "100.64.0.1", reason: "the API's address" }],
      logger: silentLogger,
    });
    baseline = snapshot(pair);
  });
  after(() => {
    pair?.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  it("applies every action type, verifies it, reads its counters, and undoes it to the exact previous rules", async () => {
    const examples = exampleParams(pair.victimIf);
    for (const type of ACTION_TYPES) {
      const applied = await apply(type, examples[type] as Record<string, unknown>);
      if (type.startsWith("TC_") && kernelCapabilities().tcPolice === false) {
        // This kernel has no police action: the apply fails, and what it had created (the
        // ingress qdisc) is rolled back.
        assert.equal(applied.kind, "FAILED");
        assert.match(applied.message ?? "", /action|police|kernel/i);
        assert.equal(snapshot(pair), baseline, `${type}: a failed apply left something behind`);
        continue;
      }
      const failed = applied.commands.find((c) => c.exitCode !== 0 && !/exist/i.test(c.stderr));
      assert.equal(
        applied.kind,
        "APPLIED",
        `${type}: ${applied.message} ${failed?.argv.join(" ")} → ${failed?.stderr}`,
      );
      assert.deepEqual(await executor.reconcile(), [], `${type}: no drift right after apply`);
      await executor.readAllCounters();
      const undone = await executor.undo(applied.id, "requested");
      assert.equal(undone?.kind, "UNDONE");
      assert.ok(
        undone?.ok,
        `${type}: ${undone?.commands.map((c) => `${c.argv.join(" ")} → ${c.exitCode} ${c.stderr}`).join("\n")}`,
      );
      assert.equal(snapshot(pair), baseline, `${type}: rules differ after undo`);
    }
    assert.deepEqual(state.data.applied, []);
  });

  it("refuses what it cannot validate or what would cut off the API", async () => {
    const refused = await apply("NFT_DROP_PREFIXES", { prefixes: ["100.64.0.0/24"] });
    assert.equal(refused.kind, "REFUSED");
    assert.match(refused.message ?? "", /the API's address/);
    const injected = await apply("NFT_DROP_SOURCES", { sources: ["198.51.100.1 } ; flush ruleset"] });
    assert.equal(injected.kind, "REFUSED");
    assert.equal(injected.commands.length, 0);
    assert.equal(snapshot(pair), baseline);
  });

  /** UDP datagrams/s reaching the victim's stack, over one window. */
  async function receiveRate(windowMs = 400): Promise<number> {
    const start = pair.udpReceived();
    await new Promise((r) => setTimeout(r, windowMs));
    return ((pair.udpReceived() - start) * 1000) / windowMs;
  }

  it("drops a flood from the peer namespace: counters rise and the victim's receive rate falls (nft, netdev, iptables, ipset)", async () => {
    const floodPps = 3000;
    pair.flood(9999, floodPps);
    try {
      for (const [type, params] of [
        ["NFT_DROP_SOURCES", { sources: [pair.attackerIp] }],
        ["NETDEV_DROP_SOURCES", { device: pair.victimIf, sources: [pair.attackerIp] }],
        ["IPT_DROP_SOURCES", { sources: [pair.attackerIp] }],
        ["IPSET_DROP_SOURCES", { sources: [`${pair.attackerIp.split(".").slice(0, 3).join(".")}.0/24`] }],
        ["NFT_DROP_DESTINATION_PORTS", { protocol: "udp", ports: [9999] }],
      ] as const) {
        const before = await waitFor(
          async () => ((await receiveRate()) > floodPps / 3 ? true : undefined),
          20_000,
          `${type}: flood arriving`,
        );
        assert.ok(before);
        const applied = await apply(type, params);
        assert.equal(applied.kind, "APPLIED", applied.message);
        await waitFor(
          async () => ((await receiveRate()) < floodPps / 50 ? true : undefined),
          20_000,
          `${type}: receive rate falls`,
        );
        const [counters] = await executor.readAllCounters();
        assert.ok(
          (counters?.counters?.packets ?? 0) > 100,
          `${type}: counters ${JSON.stringify(counters?.counters)}`,
        );
        const undone = await executor.undo(applied.id, "requested");
        assert.ok(undone?.ok);
        assert.ok(
          (undone?.counters?.packets ?? 0) >= (counters?.counters?.packets ?? 0),
          "final counters reported with the undo",
        );
      }
    } finally {
      pair.stopFloods();
    }
    assert.equal(snapshot(pair), baseline);
  });

  it("reconciliation repairs drift (deleted chain, deleted jump) and removes orphans", async () => {
    const nft = await apply("NFT_DROP_SOURCES", { sources: ["198.51.100.9"] });
    const ipt = await apply("IPT_DROP_SOURCES", { sources: ["198.51.100.9"] });
    assert.ok(nft.ok && ipt.ok);
    pair.inVictim("nft", "delete", "chain", "inet", "levee", `a_${nft.id}`);
    pair.inVictim("iptables", "-D", "INPUT", "-j", `LEVEE-${ipt.id}`);
    pair.inVictim("nft", "add", "chain", "inet", "levee", "a_orphan1");
    pair.inVictim("iptables", "-N", "LEVEE-orphan1");
    pair.inVictim("iptables", "-I", "INPUT", "-j", "LEVEE-orphan1");
    const reports = await executor.reconcile();
    assert.deepEqual(
      reports.map((r) => `${r.id}:${r.kind}:${r.ok}`).sort(),
      [
        `${ipt.id}:DRIFT_REPAIRED:true`,
        `${nft.id}:DRIFT_REPAIRED:true`,
        "orphans:DRIFT_REPAIRED:true",
      ].sort(),
    );
    assert.deepEqual(await executor.reconcile(), [], "nothing left to repair");
    assert.doesNotMatch(pair.inVictim("nft", "list", "ruleset"), /orphan1/);
    assert.doesNotMatch(pair.inVictim("iptables-save"), /orphan1/);
    // A restart: a new executor over the same state directory still knows both actions.
    const restarted = new FirewallExecutor({
      state: new FirewallState(dir),
      run: commandRunner({ netns: pair.victim }),
      protectedPrefixes: () => [],
      logger: silentLogger,
    });
    assert.deepEqual(restarted.applied.map((a) => a.intent.id).sort(), [nft.id, ipt.id].sort());
    for (const id of [nft.id, ipt.id]) assert.ok((await restarted.undo(id, "requested"))?.ok);
    state = new FirewallState(dir);
    executor = new FirewallExecutor({
      state,
      run: commandRunner({ netns: pair.victim }),
      protectedPrefixes: () => [],
      logger: silentLogger,
    });
    assert.equal(snapshot(pair), baseline);
  });

  it("lifetimes: a TTL expires; the dead-man switch removes non-permanent actions when the API goes silent", async () => {
    const sent: ActionReport[] = [];
    let now = Date.now();
    const controller = new FirewallController({
      executor,
      state,
      logger: silentLogger,
      send: async (reports) => void sent.push(...reports),
      deadManMs: 60_000,
      reconcileIntervalMs: 3_600_000,
      now: () => now,
    });
    const directive = (id: string, permanent: boolean, ttlMs: number | null) => ({
      id,
      type: "NFT_DROP_SOURCES",
      slot: 1,
      params: JSON.stringify({ sources: ["198.51.100.20"] }),
      permanent,
      expiresAt: ttlMs === null ? null : new Date(now + ttlMs).toISOString(),
    });
    const ttl = directive(nextId(), false, 30_000);
    const temporary = directive(nextId(), false, 600_000);
    const permanent = directive(nextId(), true, null);
    await controller.onDirectives([ttl, temporary, permanent]);
    assert.equal(executor.applied.length, 3);
    now += 31_000;
    await controller.onDirectives([ttl, temporary, permanent]);
    await controller.tick();
    assert.deepEqual(executor.applied.map((a) => a.intent.id).sort(), [temporary.id, permanent.id].sort());
    assert.ok(sent.some((r) => r.id === ttl.id && r.kind === "UNDONE" && r.reason === "expired"));
    // Silence from the API for longer than the dead-man interval.
    now += 61_000;
    await controller.tick();
    assert.deepEqual(
      executor.applied.map((a) => a.intent.id),
      [permanent.id],
      "only the permanent action stays",
    );
    assert.ok(sent.some((r) => r.id === temporary.id && r.kind === "UNDONE" && r.reason === "dead-man"));
    // The API withdraws the permanent one (e.g. an operator's undo): the host is back to before.
    await controller.onDirectives([]);
    assert.equal(executor.applied.length, 0);
    await controller.stop();
    assert.equal(snapshot(pair), baseline);
  });
});
