import assert from "node:assert/strict";
import {
  chmodSync,
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { ManualTimers } from "../../test/support/manual-timers.ts";
import { createLogger } from "../log.ts";
import { backlogUnderPressure, Sampler, type SamplerOptions } from "./sampler.ts";

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
    // The fixtures' sockets on 127.0.0.1 and ::1 (1 SYN_RECV, 2 established, 4 in all) are left out.
    assert.deepEqual([sample.synRecv, sample.tcpEstablished, sample.tcpTotal], [2, 0, 4]);
    assert.ok(!Number.isNaN(Date.parse(sample.ts)));
  });

  it("switched to another interface (the node's setting), counts it from the read before: no gap, no spike", async () => {
    const root = procRoot();
    roots.push(root);
    const { sampler, setDev } = makeSampler(root, "eth0", []);
    setDev(devLine("eth0", 5000, 50), devLine("eth1", 9_000_000, 90_000));
    assert.equal(await sampler.tick(), undefined);
    setDev(devLine("eth0", 6000, 60), devLine("eth1", 9_030_000, 90_300));
    sampler.setInterface("eth1", undefined);
    const sample = await sampler.tick();
    assert.ok(sample);
    assert.equal(sample.interface, "eth1");
    assert.equal(sampler.currentInterface, "eth1");
    // 300 packets of 100 bytes since the read before the switch, not eth1's 90,300 since boot.
    const seconds = 300 / sample.rxPps;
    // Relative: rates are rounded to 3 decimals, and a few ms between the reads (a loaded machine,
    // one more /proc file read) made an absolute 1e-3 bits fail.
    assert.ok(
      Math.abs(sample.rxBps * seconds - 30_000 * 8) < 30_000 * 8 * 1e-6,
      "its bytes over the same span",
    );
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

  /** Rates as the sampler reports them (to the thousandth). */
  const pps = (packets: number, seconds: number) => Math.round((packets / seconds) * 1000) / 1000;

  /** A sampler on hand-driven timers, with net/dev holding `packets` received by eth0. */
  function drivenSampler(options: {
    intervalMs: number;
    earlyBurstsPerSlot?: number;
    probeIntervalMs?: number;
    packetHint?: SamplerOptions["packetHint"];
    tcpScanIntervalMs?: number;
  }) {
    const root = procRoot();
    roots.push(root);
    const timers = new ManualTimers();
    const samples: { at: number; rxPps: number; held: boolean; tcpPps: number; ts: number }[] = [];
    let packets = 0;
    const setDev = (n: number) => {
      packets = n;
      writeFileSync(join(root, "net", "dev"), HEADER + devLine("eth0", packets * 100, packets));
    };
    /** TCP segments received host-wide (/proc/net/snmp's Tcp InSegs). */
    const setTcpSegments = (n: number) => {
      const snmp = readFileSync(new URL("net-snmp.txt", fixtures), "utf8");
      writeFileSync(join(root, "net", "snmp"), snmp.replace(" 2 14269 ", ` 2 ${n} `));
    };
    setDev(0);
    const sampler = new Sampler({
      procRoot: root,
      interface: "eth0",
      probeIntervalMs: 20,
      onProbe: ({ rxPps }) => rxPps > 1000,
      logger: createLogger({ level: "warn", write: () => {} }),
      onSample: (sample, held = false) =>
        samples.push({
          at: timers.now(),
          rxPps: sample.rxPps,
          held,
          tcpPps: sample.tcpPps,
          ts: Date.parse(sample.ts),
        }),
      now: () => 1_700_000_000_000 + timers.now(),
      timers,
      ...options,
    });
    return { sampler, timers, samples, setDev, setTcpSegments, packets: () => packets, root };
  }

  /** Timers that count the intervals set (the probe timer is the sampler's only one). */
  function countingIntervals(timers: ManualTimers) {
    const set = { count: 0 };
    const setInterval = timers.setInterval.bind(timers);
    timers.setInterval = (callback, ms) => {
      set.count++;
      return setInterval(callback, ms);
    };
    return set;
  }
  const brief = (samples: { at: number; rxPps: number; held: boolean }[]) =>
    samples.map(({ at, rxPps, held }) => ({ at, rxPps, held }));

  it("says when slots pass without a read (the process was held): at once, then at most once a minute, the rest when sampling stops", async () => {
    const root = procRoot();
    roots.push(root);
    writeFileSync(join(root, "net", "dev"), HEADER + devLine("eth0", 0, 0));
    const manual = new ManualTimers();
    // The process is held for `hold` ms while it hands the n-th sample over: the clock moves on, no timer runs.
    let heldFor = 0;
    const holds = new Map([
      [3, 5000],
      [10, 2000],
      [80, 3000],
      [140, 4000],
    ]);
    const lines: string[] = [];
    let samples = 0;
    const sampler = new Sampler({
      procRoot: root,
      interface: "eth0",
      intervalMs: 1000,
      logger: createLogger({ level: "warn", write: (line) => lines.push(line) }),
      onSample: () => {
        samples++;
        heldFor += holds.get(samples) ?? 0;
      },
      now: () => 1_700_000_000_000 + manual.now() + heldFor,
      timers: {
        now: () => manual.now() + heldFor,
        setTimeout: (callback, ms) => manual.setTimeout(callback, ms),
        clearTimeout: (handle) => manual.clearTimeout(handle),
        setInterval: (callback, ms) => manual.setInterval(callback, ms),
        clearInterval: (handle) => manual.clearInterval(handle),
      },
    });
    sampler.start();
    const reports = () =>
      lines
        .map((line) => JSON.parse(line))
        .filter((entry) => entry.msg.startsWith("sampling fell behind"))
        .map((entry) => [entry.skippedSlots, (Date.parse(entry.since) - 1_700_000_000_000) / 1000]);
    await manual.advance(4000);
    // Sample 3 is handed over at 3 s (one read at start, then one a second): the hold is 3–8 s.
    assert.deepEqual(reports(), [[5, 3]], "a 5 s hold: five slots without a read, said at once, with when");
    await manual.advance(30_000);
    assert.deepEqual(reports(), [[5, 3]], "another hold within the minute is counted, not logged yet");
    await manual.advance(30_000);
    assert.equal(reports().length, 2, "logged once the minute is over, with no later hold needed");
    assert.deepEqual(reports()[1]?.[0], 2, "the second hold's two slots");
    await manual.advance(80_000);
    sampler.stop();
    assert.deepEqual(
      reports().map(([slots]) => slots),
      [5, 2, 3, 4],
      "a hold within the minute after a report is said once that minute is over; one pending when sampling stops, then",
    );
  });

  it("sends the crossing window at once as its own sample, the calm part before it held beside it, then the rest of the slot, nothing twice", async () => {
    const { sampler, timers, samples, setDev } = drivenSampler({ intervalMs: 4000, earlyBurstsPerSlot: 1 });
    sampler.start();
    try {
      // The first read (at 0) only sets the base; calm probes until 200 ms.
      await timers.advance(200);
      assert.equal(samples.length, 0);
      setDev(1_000_000);
      await timers.advance(20);
      // The probe at 220 ms sees the jump: no further read is waited for. The calm part of the
      // slot (0–200 ms, up to the probe before) is held for the crossing window (200–220 ms),
      // whose own rate goes with it in the same moment.
      assert.deepEqual(brief(samples), [
        { at: 220, rxPps: 0, held: true },
        { at: 220, rxPps: pps(1_000_000, 0.02), held: false },
      ]);
      assert.deepEqual(
        samples.map((s) => s.ts - 1_700_000_000_000),
        [200, 220],
        "each stamped at the end of its window",
      );
      setDev(1_000_000 + 500);
      await timers.advance(4000 - 220);
      // The rest of the slot ends it: only the 500 packets after the crossing, counted once;
      // one burst per slot here, so the crossing they make waits for it.
      assert.deepEqual(brief(samples.slice(2)), [{ at: 4000, rxPps: pps(500, 3.78), held: false }]);
    } finally {
      sampler.stop();
    }
  });

  it("a flood that crosses again in the same slot gets a second early burst, never a third", async () => {
    const { sampler, timers, samples, setDev, packets } = drivenSampler({ intervalMs: 6000 });
    sampler.start();
    try {
      await timers.advance(200);
      for (const burst of [1, 2, 3]) {
        // From the second on, the counters jump 5 ms after the last probe: the next probe's
        // window must still hold the jump.
        setDev(packets() + 1_000_000);
        await timers.advance(45);
        if (burst < 3) assert.equal(samples.length, burst * 2, `burst ${burst}`);
      }
      assert.deepEqual(
        brief(samples),
        [
          { at: 220, rxPps: 0, held: true },
          { at: 220, rxPps: pps(1_000_000, 0.02), held: false },
          { at: 260, rxPps: 0, held: true },
          { at: 260, rxPps: pps(1_000_000, 0.02), held: false },
        ],
        "two bursts in the slot; the third crossing waits for the slot's end",
      );
      await timers.advance(6000 - 335);
      assert.equal(samples.length, 5);
      assert.deepEqual(brief(samples.slice(4)), [{ at: 6000, rxPps: pps(1_000_000, 6 - 0.26), held: false }]);
    } finally {
      sampler.stop();
    }
  });

  it("a crossing just after a full read is judged by the next probe, not skipped, and sent alone", async () => {
    // The slot (1010 ms) is out of step with the probe (every 20 ms): the regular read at 1010
    // falls half a probe before the one at 1020, whose window then starts at the read.
    const { sampler, timers, samples, setDev } = drivenSampler({ intervalMs: 1010 });
    sampler.start();
    try {
      await timers.advance(1012);
      assert.deepEqual(brief(samples), [{ at: 1010, rxPps: 0, held: false }]);
      setDev(10_000);
      await timers.advance(8);
      // The read at 1010 already carries everything before the window: no calm part to send.
      assert.deepEqual(brief(samples.slice(1)), [{ at: 1020, rxPps: pps(10_000, 0.01), held: false }]);
    } finally {
      sampler.stop();
    }
  });

  it("the crossing's samples carry the protocol counters of their own windows: every segment counted once", async () => {
    const { sampler, timers, samples, setDev, setTcpSegments } = drivenSampler({ intervalMs: 1000 });
    setTcpSegments(10_000);
    sampler.start();
    try {
      await timers.advance(190);
      setTcpSegments(10_030); // 30 segments in the calm part (0–200 ms)
      await timers.advance(10);
      setDev(5_000);
      setTcpSegments(15_030); // 5,000 in the crossing window (200–220 ms)
      await timers.advance(20);
      setTcpSegments(25_030); // 10,000 in the rest of the slot (220–1000 ms)
      await timers.advance(780);
      assert.deepEqual(
        samples.map(({ at, held, tcpPps }) => ({ at, held, tcpPps })),
        [
          { at: 220, held: true, tcpPps: pps(30, 0.2) },
          { at: 220, held: false, tcpPps: pps(5_000, 0.02) },
          { at: 1000, held: false, tcpPps: pps(10_000, 0.78) },
        ],
      );
    } finally {
      sampler.stop();
    }
  });
  it("with the capture on the sampled interface, arriving packets wake the probe: no timer, and no read while their count says calm", async () => {
    const seen = { packets: 0, bytes: 0 };
    const { sampler, timers, samples, setDev } = drivenSampler({
      intervalMs: 1000,
      probeIntervalMs: 200,
      packetHint: { device: "eth0", seen: () => seen },
    });
    const intervals = countingIntervals(timers);
    sampler.start();
    try {
      await timers.advance(150);
      // The counters jumped but the capture saw a trickle: its count is what asks for a read.
      setDev(100_000);
      seen.packets += 5;
      sampler.packetsArrived();
      assert.deepEqual(samples, [], "no read on a calm count");
      // The capture hands over a flood 30 ms later: the counters, read then, confirm the window
      // since the full read at 0 ms, and the crossing goes out from this wake-up.
      await timers.advance(30);
      setDev(200_000);
      seen.packets += 100_000;
      seen.bytes += 100_000 * 100;
      sampler.packetsArrived();
      assert.deepEqual(brief(samples), [{ at: 180, rxPps: pps(200_000, 0.18), held: false }]);
      assert.equal(intervals.count, 0, "no sub-second timer");
    } finally {
      sampler.stop();
    }
  });

  it("a wake-up a period after the window's start reads to move it: the flood after it is judged over its own window", async () => {
    const seen = { packets: 0, bytes: 0 };
    const { sampler, timers, samples, setDev } = drivenSampler({
      intervalMs: 1000,
      probeIntervalMs: 200,
      packetHint: { device: "eth0", seen: () => seen },
    });
    sampler.start();
    try {
      await timers.advance(100);
      seen.packets += 1; // a calm packet, 100 ms after the read: the window is left as it is
      sampler.packetsArrived();
      await timers.advance(600);
      setDev(10); // the flood's first packets, 700 ms in
      seen.packets += 10;
      sampler.packetsArrived(); // the window is old: read, judged calm (10 in 700 ms), moved
      assert.deepEqual(samples, []);
      await timers.advance(50);
      setDev(110);
      seen.packets += 100;
      sampler.packetsArrived(); // 50 ms: too short a window to judge
      await timers.advance(50);
      setDev(210);
      seen.packets += 100;
      sampler.packetsArrived(); // 100 ms: 200 packets over the flood's own window
      assert.deepEqual(brief(samples), [
        { at: 800, rxPps: pps(10, 0.7), held: true },
        { at: 800, rxPps: pps(200, 0.1), held: false },
      ]);
    } finally {
      sampler.stop();
    }
  });

  it("with the capture on another interface, the timer probes as without capture", async () => {
    const { sampler, timers, samples, setDev } = drivenSampler({
      intervalMs: 1000,
      packetHint: { device: "eth1", seen: () => ({ packets: 0, bytes: 0 }) },
    });
    const intervals = countingIntervals(timers);
    sampler.start();
    try {
      await timers.advance(200);
      setDev(1_000_000);
      await timers.advance(20);
      assert.equal(intervals.count, 1);
      assert.deepEqual(brief(samples), [
        { at: 220, rxPps: 0, held: true },
        { at: 220, rxPps: pps(1_000_000, 0.02), held: false },
      ]);
    } finally {
      sampler.stop();
    }
  });
  it("a read without net/snmp leaves no segment uncounted: the next read that has it counts them from the last that had it", async () => {
    // The probe's reads and the full reads share this path (a snapshot without protocol
    // counters); here the full read misses them (net/snmp a directory: EISDIR, like a failed read).
    const { sampler, timers, setTcpSegments, root } = drivenSampler({ intervalMs: 1000 });
    const snmp = join(root, "net", "snmp");
    setTcpSegments(10_000);
    await sampler.tick();
    setTcpSegments(10_300);
    await timers.advance(1000);
    assert.equal((await sampler.tick())?.tcpPps, 300);
    const text = readFileSync(snmp, "utf8").replace(" 2 10300 ", " 2 15300 ");
    rmSync(snmp);
    mkdirSync(snmp);
    await timers.advance(500);
    assert.equal((await sampler.tick())?.tcpPps, 0, "unknown: the input has no other value");
    rmSync(snmp, { recursive: true });
    writeFileSync(snmp, text);
    await timers.advance(500);
    assert.equal(
      (await sampler.tick())?.tcpPps,
      5000,
      "5,000 segments over the second since the last read that had them",
    );
    setTcpSegments(15_400);
    await timers.advance(1000);
    assert.equal((await sampler.tick())?.tcpPps, 100, "then each read's own window again");
  });

  it("listen-queue counters become rates; a missing net/netstat or socket table says not read (null), not 0", async () => {
    const { sampler, timers, root } = drivenSampler({ intervalMs: 1000 });
    const netstat = join(root, "net", "netstat");
    const real = readFileSync(new URL("net-netstat.txt", fixtures), "utf8");
    const setCookies = (sent: number) =>
      writeFileSync(netstat, real.replace(/^(TcpExt: )1234 /m, `$1${sent} `));
    setCookies(1000);
    await sampler.tick();
    setCookies(1600);
    await timers.advance(1000);
    const flood = await sampler.tick();
    assert.equal(flood?.syncookiesSent, 600, "600 cookies in the second");
    assert.deepEqual([flood?.listenOverflows, flood?.listenDrops], [0, 0]);
    assert.deepEqual([flood?.synRecv, flood?.tcpTotal], [2, 4], "socket tables read");
    rmSync(netstat);
    for (const file of ["tcp", "tcp6"]) rmSync(join(root, "net", file));
    await timers.advance(1000);
    const unread = await sampler.tick();
    assert.deepEqual(
      [
        unread?.syncookiesSent,
        unread?.listenDrops,
        unread?.synRecv,
        unread?.tcpEstablished,
        unread?.tcpTotal,
      ],
      [null, null, null, null, null],
    );
    setCookies(2600);
    await timers.advance(1000);
    assert.equal(
      (await sampler.tick())?.syncookiesSent,
      500,
      "1,000 since the last read that had them, over 2 s",
    );
  });

  it("SYN cookies sent since the last read have a calm node's socket tables scanned in that read, not up to 10 s later", async () => {
    const { sampler, timers, root } = drivenSampler({ intervalMs: 1000, tcpScanIntervalMs: 10_000 });
    const netstat = join(root, "net", "netstat");
    const real = readFileSync(new URL("net-netstat.txt", fixtures), "utf8");
    const setCookies = (sent: number) =>
      writeFileSync(netstat, real.replace(/^(TcpExt: )1234 /m, `$1${sent} `));
    const header = readFileSync(new URL("net-tcp.txt", fixtures), "utf8").split("\n")[0];
    /** n half-open connections to 192.168.0.2:80 from off-host peers. */
    const setSynRecv = (n: number) => {
      const lines = Array.from(
        { length: n },
        (_, i) =>
          `   ${i}: 0200A8C0:0050 ${(0x0a00a8c0 + i * 0x1000000).toString(16).toUpperCase().padStart(8, "0")}:D431 03 00000000:00000000 01:00000064 00000000     0        0 0 0 0000000000000000`,
      );
      writeFileSync(join(root, "net", "tcp"), [header, ...lines, ""].join("\n"));
      writeFileSync(join(root, "net", "tcp6"), `${header}\n`);
    };
    setCookies(1000);
    setSynRecv(0);
    await sampler.tick(); // the first read scans
    await timers.advance(1000);
    assert.equal((await sampler.tick())?.synRecv, 0, "calm: no half-open connection");
    // The backlog fills, but the kernel has sent no cookie yet: calm, the tables wait for their interval.
    setSynRecv(3);
    await timers.advance(1000);
    assert.equal((await sampler.tick())?.synRecv, 0, "not scanned: the count is the last scan's");
    setCookies(1300);
    await timers.advance(1000);
    const flood = await sampler.tick();
    assert.equal(flood?.syncookiesSent, 300);
    assert.equal(flood?.synRecv, 3, "scanned in the read that saw the cookies");
  });

  it("the backlog is under pressure when cookies, overflows or drops moved since the last read that had them", () => {
    const calm = { syncookiesSent: 5, listenOverflows: 1, listenDrops: 1 };
    assert.equal(backlogUnderPressure(undefined, calm), false, "nothing to compare with");
    assert.equal(backlogUnderPressure(calm, undefined), false, "not read now");
    assert.equal(backlogUnderPressure(calm, { ...calm }), false);
    assert.equal(backlogUnderPressure(calm, { ...calm, listenDrops: 2 }), true);
    assert.equal(backlogUnderPressure(calm, { ...calm, syncookiesSent: 0 }), true, "a reset");
    assert.equal(
      backlogUnderPressure({ listenDrops: 1 }, { listenDrops: 1, syncookiesSent: 9 }),
      false,
      "a counter only one read has",
    );
  });
});
