import assert from "node:assert/strict";
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { createLogger } from "../log.ts";
import { Sampler } from "./sampler.ts";

const fixtures = new URL("../../test/fixtures/proc/", import.meta.url);
const HEADER =
  "Inter-|   Receive                                                |  Transmit\n" +
  " face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed\n";
const devLine = (name: string, rxBytes: number, rxPackets: number) =>
  `${name}: ${rxBytes} ${rxPackets} 0 0 0 0 0 0 500 5 0 0 0 0 0 0\n`;

/** A directory shaped like /proc with net/{dev,route,snmp,tcp,tcp6} from the fixtures. */
function procRoot() {
  const root = mkdtempSync(join(tmpdir(), "levee-proc-"));
  mkdirSync(join(root, "net"));
  for (const [file, name] of [
    ["route", "net-route.txt"],
    ["snmp", "net-snmp.txt"],
    ["tcp", "net-tcp.txt"],
    ["tcp6", "net-tcp6.txt"],
  ] as const)
    copyFileSync(new URL(name, fixtures), join(root, "net", file));
  return root;
}

function makeSampler(root: string, iface: string, lines: string[]) {
  const sampler = new Sampler({
    procRoot: root,
    interface: iface,
    intervalMs: 1000,
    logger: createLogger({ level: "warn", write: (line) => lines.push(line) }),
    onSample: () => {},
  });
  const setDev = (...rows: string[]) => writeFileSync(join(root, "net", "dev"), HEADER + rows.join(""));
  return { sampler, setDev };
}

describe("Sampler over fixture /proc files", () => {
  const roots: string[] = [];
  after(() => {
    for (const root of roots) rmSync(root, { recursive: true, force: true });
  });

  it("emits nothing on the first read, then rates; counts survive a 32-bit wrap", async () => {
    const root = procRoot();
    roots.push(root);
    const { sampler, setDev } = makeSampler(root, "auto", []);
    setDev(devLine("lo", 10, 1), devLine("eth0", 2 ** 32 - 1000, 2 ** 32 - 100));
    const started = performance.now();
    assert.equal(await sampler.tick(), undefined);
    assert.equal(sampler.currentInterface, "eth0", "auto = default-route interface");
    await new Promise((r) => setTimeout(r, 50));
    setDev(devLine("lo", 10, 1), devLine("eth0", 1000, 100));
    const sample = await sampler.tick();
    const window = (performance.now() - started) / 1000;
    assert.ok(sample);
    assert.equal(sample.interface, "eth0");
    // 200 packets and 2000 bytes (16000 bits) over ≥ 50 ms, whatever the exact elapsed time was
    // (within the window measured here, which a loaded machine stretches).
    const seconds = 200 / sample.rxPps;
    assert.ok(seconds > 0.04 && seconds <= window + 0.001, `elapsed ${seconds} of ${window}`);
    assert.ok(Math.abs(sample.rxBps - (2000 * 8) / seconds) < 1, "bits per second");
    assert.deepEqual([sample.synRecv, sample.tcpEstablished, sample.tcpTotal], [3, 2, 8]);
    assert.ok(!Number.isNaN(Date.parse(sample.ts)));
  });

  it("reports 0 while a chosen interface is missing, warns once, and re-baselines when it returns", async () => {
    const root = procRoot();
    roots.push(root);
    const lines: string[] = [];
    const { sampler, setDev } = makeSampler(root, "veth9", lines);
    setDev(devLine("veth9", 1000, 10));
    await sampler.tick();
    setDev(devLine("lo", 1, 1));
    assert.equal((await sampler.tick())?.rxPps, 0);
    assert.equal((await sampler.tick())?.rxPps, 0);
    assert.equal(lines.filter((l) => l.includes("interface veth9 not found")).length, 1);
    setDev(devLine("veth9", 50, 5)); // came back with reset counters
    assert.equal((await sampler.tick())?.rxPps, 0, "no rate across the gap");
    setDev(devLine("veth9", 150, 15));
    assert.ok(((await sampler.tick())?.rxPps ?? 0) > 0);
  });

  it("skips malformed lines, survives an unreadable snmp file and a missing net/dev, with strictly increasing ts", async () => {
    const root = procRoot();
    roots.push(root);
    const lines: string[] = [];
    const { sampler, setDev } = makeSampler(root, "eth2", lines);
    copyFileSync(new URL("net-dev-malformed.txt", fixtures), join(root, "net", "dev"));
    await sampler.tick();
    rmSync(join(root, "net", "snmp"));
    mkdirSync(join(root, "net", "snmp")); // reading a directory fails with EISDIR, like an unreadable file
    const first = await sampler.tick();
    assert.ok(first);
    assert.equal(first.tcpPps, 0);
    assert.ok(lines.some((l) => l.includes("/proc/net/snmp: cannot read")));
    assert.ok(lines.some((l) => l.includes("/proc/net/dev: malformed")));
    rmSync(join(root, "net", "dev"));
    assert.equal(await sampler.tick(), undefined, "no sample without net/dev");
    setDev(devLine("eth2", 100, 10));
    const next = await sampler.tick();
    assert.ok(next && Date.parse(next.ts) > Date.parse(first.ts));
    chmodSync(join(root, "net", "tcp"), 0o000); // root still reads it; the point is no crash
  });

  it("sends a sample at once when a short window crosses the threshold, then the rest of the slot, nothing twice", async () => {
    const root = procRoot();
    roots.push(root);
    const samples: { at: number; rxPps: number }[] = [];
    const setDev = (packets: number) =>
      writeFileSync(join(root, "net", "dev"), HEADER + devLine("eth0", packets * 100, packets));
    setDev(0);
    const intervalMs = 4000;
    const sampler = new Sampler({
      procRoot: root,
      interface: "eth0",
      intervalMs,
      probeIntervalMs: 20,
      earlyBurstsPerSlot: 1,
      onProbe: ({ rxPps }) => rxPps > 1000,
      logger: createLogger({ level: "warn", write: () => {} }),
      onSample: (sample) => samples.push({ at: performance.now(), rxPps: sample.rxPps }),
    });
    const started = performance.now();
    sampler.start();
    try {
      // The first read only sets the base; wait for the probe to have a window of its own.
      await new Promise((r) => setTimeout(r, 200));
      setDev(1_000_000);
      const waitFor = async (n: number) => {
        for (let i = 0; i < 600 && samples.length < n; i++) await new Promise((r) => setTimeout(r, 25));
        assert.ok(samples.length >= n, `${samples.length} samples`);
      };
      await waitFor(2);
      const [first, followUp] = samples as { at: number; rxPps: number }[];
      assert.ok(first && followUp);
      assert.ok(first.at - started < intervalMs * 0.75, `early sample after ${first.at - started} ms`);
      // The first early sample closes the calm part with the jump; the follow-up a probe later
      // covers only the flood's own window (no new packets here, so 0) and also comes early.
      assert.ok(first.rxPps > 0);
      assert.ok(followUp.at - started < intervalMs * 0.75, `follow-up after ${followUp.at - started} ms`);
      setDev(1_000_000 + 500);
      await waitFor(3);
      const rest = samples[2] as { at: number; rxPps: number };
      // The rest of the slot: only the 500 packets after the follow-up, counted once.
      assert.ok(rest.rxPps > 0 && rest.rxPps <= 500, `rest ${rest.rxPps} pps`);
      assert.ok(rest.at - started >= intervalMs - 50, "the regular sample still ends the slot");
      // One burst of early samples per slot.
      assert.equal(samples.length, 3);
    } finally {
      sampler.stop();
    }
  });
  // TODO (issue 14, open): under CPU stress (4 busy loops on 2 cores) about 1 run in 3 sees the
  // second crossing arrive only with the slot's regular sample, not as an early burst (3 samples,
  // not 4); not yet explained, so this runs as a todo rather than failing the suite.
  it("a flood that crosses again in the same slot gets a second early burst, never a third; the first of each is held for its follow-up", {
    todo: "flaky under CPU stress: the second early burst is sometimes not taken (issue 14)",
  }, async () => {
    const root = procRoot();
    roots.push(root);
    const samples: { rxPps: number; held: boolean }[] = [];
    let packets = 0;
    const setDev = (n: number) => {
      packets = n;
      writeFileSync(join(root, "net", "dev"), HEADER + devLine("eth0", packets * 100, packets));
    };
    setDev(0);
    const sampler = new Sampler({
      procRoot: root,
      interface: "eth0",
      intervalMs: 6000,
      probeIntervalMs: 20,
      onProbe: ({ rxPps }) => rxPps > 1000,
      logger: createLogger({ level: "warn", write: () => {} }),
      onSample: (sample, held = false) => samples.push({ rxPps: sample.rxPps, held }),
    });
    sampler.start();
    const waitFor = async (n: number) => {
      for (let i = 0; i < 400 && samples.length < n; i++) await new Promise((r) => setTimeout(r, 25));
      assert.ok(samples.length >= n, `${samples.length} samples`);
    };
    try {
      await new Promise((r) => setTimeout(r, 200));
      for (const burst of [1, 2, 3]) {
        setDev(packets + 1_000_000);
        if (burst < 3) await waitFor(burst * 2);
        else await new Promise((r) => setTimeout(r, 400));
      }
      assert.equal(
        samples.length,
        4,
        "two bursts of two in the slot; the third crossing waits for the slot's end",
      );
      assert.deepEqual(
        samples.map((s) => s.held),
        [true, false, true, false],
      );
    } finally {
      sampler.stop();
    }
  });
});
