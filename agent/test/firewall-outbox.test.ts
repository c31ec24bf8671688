import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { commandRunner } from "../src/firewall/command-runner.ts";
import { type ActionReport, FirewallExecutor } from "../src/firewall/executor.ts";
import { FirewallController } from "../src/firewall/firewall-controller.ts";
import { FirewallState } from "../src/firewall/firewall-state.ts";
import { silentLogger } from "../src/log.ts";
import { netnsUnavailable } from "./support/netns.ts";
import { NamespacePair, snapshot } from "./support/netns-pair.ts";

const skip = netnsUnavailable();
const CHILD = fileURLToPath(new URL("./support/firewall-child.ts", import.meta.url));

/** An address nobody listens on: a port the kernel just handed out and that was closed again. */
async function deadApiUrl(): Promise<string> {
  const server = createServer().listen(0, "127.0.0.1");
  await new Promise((resolve) => server.once("listening", resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return `http://127.0.0.1:${port}/`;
}

describe("unsent mitigation reports survive kill -9 of the agent", { skip }, () => {
  let pair: NamespacePair;
  let dir: string;
  before(() => {
    pair = new NamespacePair();
    dir = mkdtempSync(join(tmpdir(), "levee-outbox-"));
  });
  after(() => {
    pair?.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  it("an apply the API never heard of is reported after the restart, then the undo leaves the rules as before", async () => {
    const baseline = snapshot(pair);
    const directive = {
      id: "outbox1",
      type: "NFT_DROP_SOURCES",
      slot: 1,
      params: JSON.stringify({ sources: ["198.51.100.20"] }),
      permanent: false,
      expiresAt: null,
    };
    const child = spawn(
      process.execPath,
      ["--import", "tsx", CHILD, dir, pair.victim, await deadApiUrl(), JSON.stringify(directive)],
      { stdio: ["ignore", "pipe", "inherit"] },
    );
    const exited = new Promise((resolve) => child.once("exit", resolve));
    await new Promise<void>((resolve, reject) => {
      child.stdout.on("data", (chunk: Buffer) => chunk.toString().includes("applied") && resolve());
      child.once("exit", (code) => reject(new Error(`child exited with ${code} before applying`)));
    });
    child.kill("SIGKILL");
    await exited;
    assert.match(pair.inVictim("nft", "list", "ruleset"), /198\.51\.100\.20/, "the rule is in the kernel");

    // The restarted agent: state from disk, the API reachable again.
    const state = new FirewallState(dir);
    assert.deepEqual(
      state.data.outbox?.map((r) => [r.id, r.kind, r.ok]),
      [["outbox1", "APPLIED", true]],
      "the unsent report was kept on disk",
    );
    const sent: ActionReport[] = [];
    const executor = new FirewallExecutor({
      state,
      run: commandRunner({ netns: pair.victim }),
      protectedPrefixes: () => [],
      logger: silentLogger,
    });
    const controller = new FirewallController({
      executor,
      state,
      logger: silentLogger,
      send: async (reports) => void sent.push(...reports),
      deadManMs: 3_600_000,
      reconcileIntervalMs: 3_600_000,
    });
    await controller.tick();
    const applied = sent.find((r) => r.id === "outbox1" && r.kind === "APPLIED");
    assert.ok(applied, JSON.stringify(sent));
    assert.ok(applied.commands.length > 0 && applied.commands.every((c) => c.exitCode === 0));
    assert.deepEqual(new FirewallState(dir).data.outbox, [], "delivered reports leave the file");

    await controller.onDirectives([]);
    await controller.stop();
    assert.ok(sent.some((r) => r.id === "outbox1" && r.kind === "UNDONE"));
    assert.equal(snapshot(pair), baseline);
  });
});
