import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { AgentDaemon, agentCli } from "./support/agent-process.ts";
import { freePort, waitFor } from "./support/api-process.ts";

/** The real binary with bad input: clear messages and sysexits codes, never a crash. */
describe("levee-agent CLI with bad input", () => {
  const dir = mkdtempSync(join(tmpdir(), "levee-cli-"));
  after(() => rmSync(dir, { recursive: true, force: true }));
  const configWith = (name: string, config: unknown) => {
    const path = join(dir, name);
    writeFileSync(path, typeof config === "string" ? config : JSON.stringify(config), { mode: 0o600 });
    return { LEVEE_AGENT_CONFIG: path, LEVEE_AGENT_STATE_DIR: join(dir, `state-${name}`) };
  };
  const KEY = "lva_0123456789abcdef_secret";

  it("lists every problem of a bad config file and exits 78", () => {
    const env = configWith("bad.json", {
      apiUrl: "ftp://levee",
      agentKey: "nope",
      interface: "eth0; reboot",
      sampleIntervalMs: 10,
      queue: { capacity: -1 },
      capture: { snaplen: "big" },
      typo: true,
    });
    const run = agentCli(["run"], env);
    assert.equal(run.code, 78);
    for (const path of [
      "apiUrl",
      "agentKey",
      "interface",
      "sampleIntervalMs",
      "queue.capacity",
      "capture.snaplen",
      "typo",
    ])
      assert.match(run.stderr, new RegExp(`- (\\(root\\): .*)?${path.replace(".", "\\.")}`), path);
    assert.equal(agentCli(["run"], configWith("broken.json", "{ not json")).code, 78);
    const missing = agentCli(["test"], { LEVEE_AGENT_CONFIG: join(dir, "none.json") });
    assert.equal(missing.code, 78);
    assert.match(missing.stderr, /enrol first/);
  });

  it("unknown commands and flags are usage errors (64)", () => {
    assert.equal(agentCli(["frobnicate"]).code, 64);
    assert.equal(agentCli(["status", "--bogus"]).code, 64);
    assert.equal(agentCli(["enroll", "--api", "http://x"]).code, 64);
    assert.equal(agentCli(["--help"]).code, 0);
  });

  it("an unreachable API or a URL that is not a Levee API: exit 69 with the reason", async () => {
    const closed = await freePort();
    const unreachable = agentCli(
      ["test"],
      configWith("closed.json", { apiUrl: `http://127.0.0.1:${closed}`, agentKey: KEY }),
    );
    assert.equal(unreachable.code, 69);
    assert.match(unreachable.stderr, /unreachable: ECONNREFUSED/);
    // In another process: spawnSync below blocks this one's event loop.
    const port = await freePort();
    const web = spawn(process.execPath, [
      "-e",
      `require("http").createServer((q, s) => s.writeHead(404, { "content-type": "text/html" }).end("<h1>nope</h1>")).listen(${port}, "127.0.0.1")`,
    ]);
    await waitFor(
      () =>
        fetch(`http://127.0.0.1:${port}/`).then(
          () => true,
          () => false,
        ),
      10_000,
      "the web server",
    );
    const wrong = agentCli(
      ["test"],
      configWith("wrong.json", { apiUrl: `http://127.0.0.1:${port}`, agentKey: KEY }),
    );
    web.kill();
    assert.equal(wrong.code, 69);
    assert.match(wrong.stderr, /is not a Levee API \(HTTP 404, text\/html\)/);
    const enroll = agentCli(["enroll", "--api", `http://127.0.0.1:${closed}`, "--token", "lve_x"], {
      LEVEE_AGENT_CONFIG: join(dir, "enrol.json"),
    });
    assert.equal(enroll.code, 69);
  });

  it("`test` checks the interface `run` starts on: the followed setting, unless pinned", async () => {
    const apiUrl = `http://127.0.0.1:${await freePort()}`; // unreachable: the local checks still print
    const env = configWith("followed.json", {
      apiUrl,
      agentKey: KEY,
      interface: "gone0",
      followedInterface: "lo",
    });
    const followed = agentCli(["test"], env);
    assert.match(followed.stdout, /sampling +ok, interface lo \(the node's setting, as last followed\)/);
    const pinned = agentCli(["test"], { ...env, LEVEE_AGENT_INTERFACE: "gone0" });
    assert.match(pinned.stdout, /sampling +FAIL interface gone0 not found/);
  });

  it("`status` reads an empty or missing state directory", () => {
    const status = agentCli(["status", "--json"], {
      LEVEE_AGENT_CONFIG: join(dir, "none.json"),
      LEVEE_AGENT_STATE_DIR: join(dir, "void"),
    });
    assert.equal(status.code, 0);
    const report = JSON.parse(status.stdout);
    assert.equal(report.running, false);
    assert.equal(report.queue.depth, 0);
  });

  it("without CAP_NET_RAW it runs with capture off and says so; a missing interface and a down API do not stop it", async (t) => {
    if (spawnSync("setpriv", ["--version"]).status !== 0)
      return t.skip("setpriv (util-linux) is not installed");
    const closed = await freePort();
    const env = configWith("nocap.json", {
      apiUrl: `http://127.0.0.1:${closed}`,
      agentKey: KEY,
      interface: "nosuch0",
      sampleIntervalMs: 200,
    });
    mkdirSync(env.LEVEE_AGENT_STATE_DIR, { recursive: true });
    const drop = ["setpriv", "--bounding-set=-net_raw", "--inh-caps=-net_raw", "--"];
    const test = agentCli(["test"], env, drop);
    assert.match(test.stdout, /capture {5}off: no CAP_NET_RAW/);
    assert.match(test.stdout, /FAIL interface nosuch0 not found/);
    const daemon = new AgentDaemon([], env, drop);
    try {
      await waitFor(
        () => daemon.logs().includes("packet capture is off: no CAP_NET_RAW"),
        20_000,
        "the capture-off notice",
      );
      await waitFor(
        () => daemon.logs().includes("interface nosuch0 not found"),
        20_000,
        "the interface warning",
      );
      await waitFor(
        () => JSON.parse(agentCli(["status", "--json"], env).stdout).queue.depth >= 5,
        20_000,
        "samples queued",
      );
      assert.equal(daemon.child.exitCode, null, "still running");
      assert.equal(daemon.logs().split("packet capture is off").length, 2, "said once");
    } finally {
      assert.equal(await daemon.stop(), 0);
    }
    const again = new AgentDaemon([], env, drop);
    await waitFor(
      () => again.logs().includes("event(s) waiting from before the restart"),
      20_000,
      "queue recovered",
    );
    await again.stop();
  });
});
