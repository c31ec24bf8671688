import assert from "node:assert/strict";
import { type ChildProcess, execFile, execFileSync, spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { createSocket } from "node:dgram";
import { readFileSync } from "node:fs";
import { describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { silentLogger } from "../src/log.ts";
import { Sampler } from "../src/sampler/sampler.ts";
import { repoRoot } from "./support/api-process.ts";
import { netnsUnavailable } from "./support/netns.ts";
import { NamespacePair } from "./support/netns-pair.ts";

const liveSampler = (iface: string) =>
  new Sampler({
    procRoot: "/proc",
    interface: iface,
    intervalMs: 1000,
    logger: silentLogger,
    onSample: () => {},
  });

/** The sampler against the running kernel's /proc (no fixtures). */
describe("Sampler against the live kernel", () => {
  it("picks the default-route interface for `auto`, as `ip route` does", async () => {
    const sampler = liveSampler("auto");
    await sampler.tick();
    const route = spawnSync("ip", ["-4", "route", "show", "default"], { encoding: "utf8" });
    const dev = /dev (\S+)/.exec(route.stdout ?? "")?.[1];
    if (dev) assert.equal(sampler.currentInterface, dev);
    else assert.ok(sampler.currentInterface);
  });

  it("sees loopback UDP traffic as rx packets/s, bits/s and UDP packets/s", async () => {
    const sampler = liveSampler("lo");
    const started = performance.now();
    await sampler.tick();
    const receiver = createSocket("udp4");
    await new Promise<void>((resolve) => receiver.bind(0, "127.0.0.1", resolve));
    const { port } = receiver.address();
    const sender = createSocket("udp4");
    const payload = Buffer.alloc(500);
    // Every datagram handed to the kernel (each send's callback) before the second read: a fixed
    // 300 ms pause could end before a loaded machine had sent them all.
    await new Promise<void>((resolve, reject) => {
      let sent = 0;
      for (let i = 0; i < 2000; i++)
        sender.send(payload, port, "127.0.0.1", (error) => {
          if (error) reject(error);
          else if (++sent === 2000) resolve();
        });
    });
    await new Promise((r) => setTimeout(r, 300));
    const sample = await sampler.tick();
    // The sampler's interval lies inside this window (the waits run late on a loaded machine).
    const seconds = (performance.now() - started) / 1000;
    sender.close();
    receiver.close();
    assert.ok(sample);
    assert.equal(sample.interface, "lo");
    assert.ok(sample.rxPps * seconds >= 1500, `rxPps ${sample.rxPps}`);
    assert.ok(sample.udpPps * seconds >= 1500, `udpPps ${sample.udpPps}`);
    // At least this test's payloads (not rxPps × 500 B: other suites' small packets on lo lower
    // the average packet size, CI saw that fail).
    assert.ok(sample.rxBps * seconds >= 1500 * 500 * 8, `rxBps ${sample.rxBps}: at least the payloads`);
    assert.ok(sample.tcpTotal !== null && sample.tcpEstablished !== null && sample.synRecv !== null);
    assert.ok(sample.tcpTotal >= sample.tcpEstablished + sample.synRecv);
    // This kernel prints the TcpExt listen-queue counters: read, so a number (0 when calm), not null.
    assert.equal(typeof sample.syncookiesSent, "number");
    assert.equal(typeof sample.listenOverflows, "number");
  });

  // In a namespace of its own (as root), where no other test opens or closes sockets meanwhile:
  // comparing with `ss` on the shared host raced every other suite's connections.
  it("counts established TCP exactly as the kernel does (own namespace, 2 × 20 sockets)", (t) => {
    const why = netnsUnavailable();
    if (why) return t.skip(why);
    const ns = `${process.env.LEVEE_TEST_NETNS_PREFIX ?? "levee-t-"}${randomBytes(3).toString("hex")}`;
    execFileSync("ip", ["netns", "add", ns]);
    try {
      execFileSync("ip", ["-n", ns, "link", "set", "lo", "up"]);
      const script = fileURLToPath(new URL("./support/established-count.ts", import.meta.url));
      const out = execFileSync(
        "ip",
        ["netns", "exec", ns, process.execPath, "--import", "tsx", script, "20"],
        { encoding: "utf8", timeout: 60_000 },
      );
      const { sampled, ss } = JSON.parse(out.trim().split("\n").pop() as string) as {
        sampled: number;
        ss: number;
      };
      assert.equal(ss, 40, "both ends of 20 loopback connections");
      assert.equal(sampled, ss);
    } finally {
      spawnSync("ip", ["netns", "del", ns], { stdio: "ignore" });
    }
  });

  // Both namespaces are the test's own: nothing else sends there. Each expected count comes from
  // the victim's own counters or hping3's replies, so a packet dropped under load changes none.
  it("keeps loopback's packets and sockets out of another interface's sample (own namespaces)", async (t) => {
    const why =
      netnsUnavailable() ??
      (spawnSync("hping3", ["--version"]).error ? "hping3 is not installed" : undefined);
    if (why) return t.skip(why);
    const pair = new NamespacePair();
    const port = "5353";
    const node = [process.execPath, "--import", "tsx"];
    const inNamespace = (ns: string, script: string, ...args: string[]) =>
      spawn("ip", ["netns", "exec", ns, ...node, `agent/test/support/${script}`, ...args], {
        cwd: repoRoot,
        stdio: ["ignore", "pipe", "inherit"],
      });
    const ready = (child: ChildProcess) =>
      new Promise<void>((resolve, reject) => {
        child.stdout?.once("data", () => resolve());
        child.once("exit", (code) => reject(new Error(`a namespace's helper exited (${code})`)));
        setTimeout(() => reject(new Error("a namespace's helper was not ready in 30 s")), 30_000).unref();
      });
    const run = (ns: string, ...argv: string[]) =>
      new Promise<string>((resolve, reject) =>
        execFile(
          "ip",
          ["netns", "exec", ns, ...argv],
          { cwd: repoRoot, timeout: 60_000 },
          (error, out, err) =>
            // hping3 exits 1 when a reply was missing; its count of replies (on stderr) is what is read.
            error && !err.includes("packets received") ? reject(error) : resolve(`${out}${err}`),
        ),
      );
    const sendUdp = (ns: string, to: string, count: number) =>
      run(ns, ...node, "agent/test/support/udp-sender.ts", to, port, String(count), "x", "20000");
    // The victim holds 30 connections to itself on 127.0.0.1 (60 sockets), and 7 from the attacker.
    const host = inNamespace(pair.victim, "namespace-host.ts", port, "30");
    let clients: ChildProcess | undefined;
    try {
      await ready(host);
      clients = inNamespace(pair.attacker, "tcp-clients.ts", pair.victimIp, port, "7");
      await ready(clients);
      // `ip netns exec` execs the command: the host's /proc/<pid>/net is the victim's namespace.
      const sampler = new Sampler({
        procRoot: `/proc/${host.pid}`,
        interface: pair.victimIf,
        intervalMs: 1000,
        logger: silentLogger,
        onSample: () => {},
      });
      const outerStart = performance.now();
      assert.equal(await sampler.tick(), undefined);
      const innerStart = performance.now();
      // 20,000 datagrams on the victim's loopback; from the attacker, 5,000 datagrams and 2,000 pings.
      const [, , hping] = await Promise.all([
        sendUdp(pair.victim, "127.0.0.1", 20_000),
        sendUdp(pair.attacker, pair.victimIp, 5_000),
        run(pair.attacker, "hping3", "--icmp", "-q", "-c", "2000", "-i", "u200", pair.victimIp),
      ]);
      const replies = Number(/(\d+) packets received/.exec(hping)?.[1] ?? Number.NaN);
      // A datagram the sink has not read yet is counted as IP received but not yet as UDP (the
      // kernel counts InDatagrams as it is read): it would show as "other". Wait until all are read.
      const hexPort = `:${Number(port).toString(16).toUpperCase().padStart(4, "0")} `;
      const unread = () =>
        readFileSync(`/proc/${host.pid}/net/udp`, "utf8")
          .split("\n")
          .filter((line) => line.includes(hexPort))
          .reduce(
            (sum, line) => sum + Number.parseInt(line.trim().split(/\s+/)[4]?.split(":")[1] ?? "0", 16),
            0,
          );
      for (const giveUp = Date.now() + 30_000; unread() > 0; ) {
        assert.ok(Date.now() < giveUp, "the sink left datagrams unread for 30 s");
        await new Promise((r) => setTimeout(r, 20));
      }
      const innerEnd = performance.now();
      const sample = await sampler.tick();
      const outerEnd = performance.now();
      assert.ok(sample);
      // The sampler's window lies between these two; a rate × window is a count of packets.
      const [inner, outer] = [(innerEnd - innerStart) / 1000, (outerEnd - outerStart) / 1000];
      const counted = (rate: number) => [rate * inner, rate * outer] as const;
      const [rxLow, rxHigh] = counted(sample.rxPps);
      const [udpLow, udpHigh] = counted(sample.udpPps);
      const [icmpLow, icmpHigh] = counted(sample.icmpPps);
      const seen = `veth rx ${rxLow}–${rxHigh}, UDP ${udpLow}–${udpHigh}, ICMP ${icmpLow}–${icmpHigh}, ${replies} replies`;
      assert.ok(rxHigh >= 1_000 && replies >= 100, seen);
      // Loopback's 20,000 datagrams do not show: no protocol beyond what came over the veth.
      assert.ok(udpLow <= rxHigh + 5 && icmpLow <= rxHigh + 5, seen);
      // Nor do they hide what came from outside: each ping answered arrived, and the rest is UDP.
      assert.ok(icmpHigh >= replies, seen);
      assert.ok(udpHigh >= rxLow - icmpHigh - 5, seen);
      assert.deepEqual([sample.tcpPps, sample.otherPps], [0, 0], seen);
      // The attacker's 7 and the listening socket; not the 60 on loopback.
      assert.deepEqual([sample.tcpEstablished, sample.tcpTotal, sample.synRecv], [7, 8, 0]);
    } finally {
      host.kill("SIGKILL");
      clients?.kill("SIGKILL");
      pair.destroy();
    }
  });
});
