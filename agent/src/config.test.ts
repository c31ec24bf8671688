import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { parseCommand } from "./cli.ts";
import {
  ConfigError,
  interfacePinned,
  loadConfig,
  parseConfig,
  requireEnrolled,
  startInterface,
  statePaths,
} from "./config.ts";

describe("agent configuration", () => {
  it("fills defaults and lets env override the file and flags override env", () => {
    const dir = mkdtempSync(join(tmpdir(), "levee-config-"));
    const path = join(dir, "agent.json");
    writeFileSync(
      path,
      JSON.stringify({ apiUrl: "https://levee.example", agentKey: "lva_abc_def", interface: "eth1" }),
    );
    const config = loadConfig({
      path,
      env: {
        LEVEE_AGENT_INTERFACE: "eth2",
        LEVEE_AGENT_INTERVAL_MS: "250",
        LEVEE_AGENT_RETRY_MAX_MS: "1000",
      },
      flags: { interface: "bond0" },
    });
    rmSync(dir, { recursive: true });
    assert.equal(config.interface, "bond0");
    assert.equal(config.sampleIntervalMs, 250);
    assert.equal(config.retryMaxMs, 1000);
    assert.equal(config.queue.capacity, 2000);
    assert.equal(config.capture.ringPackets, 500);
    assert.equal(config.capture.snaplen, 256);
    assert.equal(config.stateDir, "/var/lib/levee-agent");
    assert.deepEqual(statePaths("/s").queueDir, "/s/queue");
    assert.equal(requireEnrolled(config, path).agentKey, "lva_abc_def");
  });

  it("starts on the followed setting unless --interface or LEVEE_AGENT_INTERFACE pins it", () => {
    const config = parseConfig(JSON.stringify({ interface: "eth0", followedInterface: "eth1" }), {}, "test");
    assert.equal(startInterface(config, false), "eth1");
    assert.equal(startInterface(config, true), "eth0");
    assert.equal(startInterface(parseConfig("{}", {}, "test"), false), "auto");
    assert.equal(interfacePinned({}, {}), false);
    assert.equal(interfacePinned({ interface: "eth2" }, {}), true);
    assert.equal(interfacePinned({}, { LEVEE_AGENT_INTERFACE: "eth2" }), true);
  });

  it("reports every problem at once, with its path", () => {
    try {
      parseConfig(
        JSON.stringify({ apiUrl: "nope", queue: { capacity: 0, extra: 1 }, capture: { snaplen: 10 } }),
        { sampleIntervalMs: "fast" },
        "test",
      );
      assert.fail("should throw");
    } catch (error) {
      assert.ok(error instanceof ConfigError);
      const paths = error.problems.map((p) => p.split(":")[0]);
      assert.deepEqual(
        paths.sort(),
        ["apiUrl", "capture.snaplen", "queue", "queue.capacity", "sampleIntervalMs"].sort(),
      );
    }
    assert.throws(() => parseConfig("[1]", {}, "test"), /JSON object/);
    assert.throws(
      () => requireEnrolled(parseConfig("{}", {}, "t"), "p"),
      /apiUrl: missing.*\n.*agentKey: missing/,
    );
  });

  it("parses commands and flags into typed options", () => {
    const run = parseCommand(["run", "--interval-ms", "100", "--interface", "eth0", "--state-dir", "/tmp/s"]);
    assert.equal(run.command, "run");
    assert.ok(
      "options" in run &&
        run.options.flags.sampleIntervalMs === "100" &&
        run.options.flags.stateDir === "/tmp/s",
    );
    assert.deepEqual(parseCommand(["analyze", "x.pcap", "--json"]), {
      command: "analyze",
      argv: ["x.pcap", "--json"],
    });
    assert.equal(parseCommand([]).command, "help");
    assert.equal(parseCommand(["run", "--nope"]).command, "usage-error");
  });
});
