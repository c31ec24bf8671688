// npm run bench:analyze — packets per second of `levee-agent analyze` against
// `tcpdump -nn -r FILE` (a C decoder: the practical limit) and `tshark -r FILE -T fields -e ip.src`
// (the slow anchor) on the same generated 1,000,000-packet capture, start-up included for all.
import { spawnSync } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { analyzeCapture } from "../src/analyze/capture-analysis.ts";
import { ethernet, Flags, ipv4, pcapFile, tcp, udp } from "../test/analyze/pcap-builder.ts";

const PACKETS = Number(process.env.BENCH_PACKETS ?? 1_000_000);
const ROOT = join(import.meta.dirname, "..", "..");

/**
 * A multi-vector capture at 100k pps: spoofed SYNs (random TTLs), DNS answers from 1,000 resolvers, a
 * download. The first `packets` of it: a shorter one is the start of the longer one.
 */
function buildCapture(packets: number): Uint8Array {
  const syn = ethernet(ipv4({ src: "1.0.0.0", protocol: 6 }, tcp(1024, 443, Flags.SYN)));
  const dns = new Uint8Array(480);
  dns.set([0x12, 0x34, 0x81, 0x80, 0, 1, 0, 20]);
  const answer = ethernet(ipv4({ src: "1.0.0.0", protocol: 17 }, udp(53, 4444, dns)));
  const data = ethernet(
    ipv4({ src: "93.184.216.34", ttl: 55, protocol: 6 }, tcp(443, 50000, Flags.ACK, new Uint8Array(1400))),
  );
  const frames = [];
  let seed = 1;
  for (let i = 0; i < packets; i++) {
    seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
    const kind = i % 20;
    const template = kind < 12 ? syn : kind < 17 ? answer : data;
    const frame = template.slice();
    const view = new DataView(frame.buffer);
    if (template !== data) {
      view.setUint32(26, template === syn ? seed | 0x01000000 : 0x2d000000 + (seed % 1000));
      frame[22] = template === syn ? seed >>> 24 : 40 + ((seed % 1000) % 20);
      view.setUint16(34, template === syn ? 1024 + (seed % 60000) : 53);
    }
    frames.push({ data: frame, ts: 1_700_000_000 + i / 100_000 });
  }
  return pcapFile(frames);
}

function timed(command: string, args: string[]): number {
  const started = process.hrtime.bigint();
  const result = spawnSync(command, args, {
    cwd: ROOT,
    stdio: ["ignore", "ignore", "pipe"],
    maxBuffer: 1 << 30,
  });
  if (result.status !== 0) throw new Error(`${command} failed: ${result.stderr?.toString() ?? result.error}`);
  return Number(process.hrtime.bigint() - started) / 1e9;
}

const dir = await mkdtemp(join(tmpdir(), "levee-analyze-bench-"));
try {
  const file = join(dir, "bench.pcap");
  await writeFile(file, buildCapture(PACKETS));
  // tcpdump's time grows faster than the capture here (on this machine 200k packets took 1.5 s,
  // 400k 3.9 s, 1M 18–88 s; with -S or -q too): its pace on the first tenth, scaled up, is the
  // stricter anchor, the C decoder at its best on this traffic.
  const prefixPackets = Math.max(1, Math.round(PACKETS / 10));
  const prefix = join(dir, "prefix.pcap");
  await writeFile(prefix, buildCapture(prefixPackets));
  const inProcess = performance.now();
  const analysis = await analyzeCapture(file);
  const inProcessSeconds = (performance.now() - inProcess) / 1000;
  const cli = timed(process.execPath, [
    "--import",
    "tsx",
    "agent/bin/levee-agent.ts",
    "analyze",
    file,
    "--json",
  ]);
  // tcpdump writes every decoded line to /dev/null here (stdout ignored), as a pipe to nothing would.
  const hasTcpdump = spawnSync("tcpdump", ["--version"]).status === 0;
  const tcpdump = hasTcpdump ? timed("tcpdump", ["-nn", "-r", file]) : null;
  // Start-up (a one-packet file) once, plus the prefix's decoding scaled to the whole capture.
  const one = join(dir, "one.pcap");
  await writeFile(one, buildCapture(1));
  const tcpdumpStartup = hasTcpdump ? timed("tcpdump", ["-nn", "-r", one]) : 0;
  const tcpdumpLinear = hasTcpdump
    ? tcpdumpStartup + ((timed("tcpdump", ["-nn", "-r", prefix]) - tcpdumpStartup) * PACKETS) / prefixPackets
    : null;
  const tshark =
    spawnSync("tshark", ["--version"]).status === 0
      ? timed("tshark", ["-r", file, "-T", "fields", "-e", "ip.src"])
      : null;
  const pps = (seconds: number) => Math.round(PACKETS / seconds).toLocaleString("en-US");
  console.log(
    `capture: ${PACKETS.toLocaleString("en-US")} packets → ${analysis.classification.family} (${analysis.classification.vectors.map((v) => v.family).join(" + ")})`,
  );
  console.log(`levee-agent analyze (CLI, incl. start-up): ${cli.toFixed(2)} s, ${pps(cli)} packets/s`);
  console.log(
    `analyzeCapture (in process):               ${inProcessSeconds.toFixed(2)} s, ${pps(inProcessSeconds)} packets/s`,
  );
  if (tcpdump === null) console.log("tcpdump: not installed (apt-get install tcpdump) — no comparison");
  else {
    console.log(
      `tcpdump -nn -r FILE:                       ${tcpdump.toFixed(2)} s, ${pps(tcpdump)} packets/s`,
    );
    console.log(
      `ratio (tcpdump time / levee-agent time):   ${(tcpdump / cli).toFixed(2)}× (≥ 1× is the target: as fast as tcpdump)`,
    );
  }
  if (tcpdumpLinear !== null) {
    console.log(
      `tcpdump's pace on the first ${prefixPackets.toLocaleString("en-US")}, scaled: ${tcpdumpLinear.toFixed(2)} s, ${pps(tcpdumpLinear)} packets/s (start-up ${tcpdumpStartup.toFixed(2)} s once)`,
    );
    console.log(
      `ratio (that / levee-agent time):          ${(tcpdumpLinear / cli).toFixed(2)}× (the stricter anchor; ≥ 1× is the target)`,
    );
  }
  if (tshark === null) console.log("tshark: not installed (apt-get install tshark) — no comparison");
  else {
    console.log(
      `tshark -r FILE -T fields -e ip.src:        ${tshark.toFixed(2)} s, ${pps(tshark)} packets/s`,
    );
    console.log(`ratio (tshark time / levee-agent time):    ${(tshark / cli).toFixed(2)}×`);
  }
} finally {
  await rm(dir, { recursive: true, force: true });
}
