import assert from "node:assert/strict";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { ACTION_TYPES, exampleParams, SYSCTL_KEYS } from "@levee/shared/firewall";
import { kernelCapabilities } from "../src/firewall/capabilities.ts";
import { commandRunner } from "../src/firewall/command-runner.ts";
import { FirewallExecutor } from "../src/firewall/executor.ts";
import { FirewallState } from "../src/firewall/firewall-state.ts";
import { silentLogger } from "../src/log.ts";
import { waitFor } from "./support/api-process.ts";
import { netnsUnavailable } from "./support/netns.ts";
import { NamespacePair } from "./support/netns-pair.ts";

const tools = ["nft", "iptables", "ipset", "tc"].find(
  (tool) => !process.env.PATH?.split(":").some((dir) => existsSync(join(dir, tool))),
);
const skip = netnsUnavailable() ?? (tools ? `${tools} is not installed` : undefined);
if (process.env.CI)
  it("has root, network namespaces, nft, iptables, ipset and tc (CI)", () => assert.equal(skip, undefined));

/** Everything a firewall action could leave behind, counters zeroed (traffic changes them). */
export function snapshot(pair: NamespacePair): string {
  const zero = (text: string) =>
    text
      .replace(/counter packets \d+ bytes \d+/g, "counter")
      .replace(/\[\d+:\d+\]/g, "[0:0]")
      .replace(/^#.*$/gm, "");
  return [
    zero(pair.inVictim("nft", "list", "ruleset")),
    zero(pair.inVictim("iptables-save")),
    zero(pair.inVictim("ip6tables-save")),
    pair.inVictim("ipset", "list", "-n"),
    pair.inVictim("tc", "qdisc", "show", "dev", pair.victimIf),
    pair.inVictim("tc", "filter", "show", "dev", pair.victimIf, "ingress"),
    pair.inVictim("ip", "-4", "route", "show", "table", "all"),
    pair.inVictim("ip", "-6", "route", "show", "table", "all"),
    ...Object.keys(SYSCTL_KEYS).map((key) => pair.inVictim("sysctl", key)),
  ].join("\n---\n");
}

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
});
