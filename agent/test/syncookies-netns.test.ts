// A real SYN flood answered with SYN cookies, in a namespace of the test's own (as root): a
// listener with a backlog of 4, net.ipv4.tcp_syncookies=1 there, and hping3 sending SYNs to it.
// The namespace's RSTs to the listener are dropped (as a spoofed flood's never-answering sources
// would leave them), so the SYN backlog stays full and every further SYN gets a cookie.
import assert from "node:assert/strict";
import { type ChildProcess, execFile, execFileSync, spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { describe, it } from "node:test";
import { silentLogger } from "../src/log.ts";
import { Sampler } from "../src/sampler/sampler.ts";
import { netnsUnavailable } from "./support/netns.ts";

const PORT = "8080";

/** SyncookiesSent read the plain way (split the TcpExt lines), to check the agent's parser against. */
function syncookiesSent(pid: number): number {
  const lines = readFileSync(`/proc/${pid}/net/netstat`, "utf8").split("\n");
  const header = lines.findIndex((l) => l.startsWith("TcpExt:"));
  const names = (lines[header] ?? "").split(/\s+/);
  return Number((lines[header + 1] ?? "").split(/\s+/)[names.indexOf("SyncookiesSent")]);
}

describe("SYN cookies from a real SYN flood (own namespace)", () => {
  it("reads SyncookiesSent as a per-second rate equal to the kernel's count, and the cookies have the socket tables scanned in that read", async (t) => {
    const why =
      netnsUnavailable() ??
      (spawnSync("hping3", ["--version"]).error ? "hping3 is not installed" : undefined) ??
      (spawnSync("iptables", ["--version"]).error ? "iptables is not installed" : undefined);
    if (why) return t.skip(why);
    const ns = `${process.env.LEVEE_TEST_NETNS_PREFIX ?? "levee-t-"}${randomBytes(3).toString("hex")}`;
    const inNs = (...argv: string[]) => execFileSync("ip", ["netns", "exec", ns, ...argv], { stdio: "pipe" });
    execFileSync("ip", ["netns", "add", ns]);
    let listener: ChildProcess | undefined;
    try {
      execFileSync("ip", ["-n", ns, "link", "set", "lo", "up"]);
      inNs("sysctl", "-q", "-w", "net.ipv4.tcp_syncookies=1");
      inNs(
        "iptables",
        "-A",
        "INPUT",
        "-p",
        "tcp",
        "--dport",
        PORT,
        "--tcp-flags",
        "RST",
        "RST",
        "-j",
        "DROP",
      );
      // `ip netns exec` execs the command: the listener's /proc/<pid>/net is the namespace's.
      listener = spawn(
        "ip",
        [
          "netns",
          "exec",
          ns,
          process.execPath,
          "-e",
          `require("node:net").createServer().listen(${PORT}, "127.0.0.1", 4, () => console.log("ready"))`,
        ],
        { stdio: ["ignore", "pipe", "inherit"] },
      );
      await new Promise<void>((resolve, reject) => {
        listener?.stdout?.once("data", () => resolve());
        listener?.once("exit", (code) => reject(new Error(`the listener exited (${code})`)));
      });
      const pid = listener.pid as number;
      const sampler = new Sampler({
        procRoot: `/proc/${pid}`,
        interface: "lo",
        intervalMs: 1000,
        // Calm, the tables would next be scanned 10 minutes after the first read: only the cookies
        // (backlogUnderPressure) can have them scanned in the flood's read.
        tcpScanIntervalMs: 600_000,
        logger: silentLogger,
        onSample: () => {},
      });
      const before = syncookiesSent(pid);
      const started = performance.now();
      assert.equal(await sampler.tick(), undefined);
      await new Promise<void>((resolve, reject) =>
        execFile(
          "ip",
          ["netns", "exec", ns, "hping3", "-q", "-S", "-p", PORT, "-c", "2000", "-i", "u200", "127.0.0.1"],
          { timeout: 60_000 },
          // hping3 exits 1 when replies were missing; the kernel's count is what is checked.
          (error, _out, err) => (error && !err.includes("packets received") ? reject(error) : resolve()),
        ),
      );
      const sample = await sampler.tick();
      const window = (performance.now() - started) / 1000;
      const sent = syncookiesSent(pid) - before;
      assert.ok(sent > 1000, `the kernel sent ${sent} SYN cookies for 2,000 SYNs at a backlog of 4`);
      assert.ok(sample && sample.syncookiesSent !== null && sample.syncookiesSent !== undefined);
      // The rate × the sample's length is the kernel's count (the length is within the measured window).
      const seconds = sent / sample.syncookiesSent;
      assert.ok(seconds > 0 && seconds <= window + 0.01, `length ${seconds} s of ${window} s`);
      assert.equal(typeof sample.listenDrops, "number");
      // The backlog's half-open connections (their RSTs dropped), counted in the same read.
      assert.ok((sample.synRecv ?? 0) > 0, `SYN_RECV ${sample.synRecv} in the read that saw the cookies`);
    } finally {
      listener?.kill();
      spawnSync("ip", ["netns", "del", ns], { stdio: "ignore" });
    }
  });
});
