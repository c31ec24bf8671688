import { classifyWindow, IncidentWindow } from "@levee/shared/classification/incident-window";
import { PcapWriter } from "../../../agent/src/capture/pcap-writer.ts";
import { FeatureExtractor } from "../../../agent/src/packets/feature-extractor.ts";
import { readCapture } from "../../../agent/src/packets/pcap-reader.ts";
import { type Threshold, thresholdFor } from "../../../api/src/detection/baseline.ts";
import { initialDetectorState, step } from "../../../api/src/detection/detector.ts";
import { DEFAULT_FLOORS, TRAFFIC_METRICS } from "../../../api/src/detection/metrics.ts";
import { parseSample } from "../../../api/src/telemetry/sample-input.ts";

export interface CapturedPacket {
  data: Uint8Array;
  wireLength: number;
  /** Seconds. */
  ts: number;
  linkType: number;
}

export interface Verdict {
  family: string | null;
  vectors: string[];
  spoofed: boolean;
  botnet: boolean;
}

/** The victim of the generated captures: the node's own address (its answers are set aside). */
export const REPLAY_OWN_ADDRESSES = ["198.51.100.10"];
/** The detection floors both paths use: analyze's defaults (1,000 pps, 200 Mbit/s). */
export const REPLAY_FLOOR_PPS = 1000;
export const REPLAY_FLOOR_BPS = 200e6;

export async function loadPackets(path: string): Promise<CapturedPacket[]> {
  const packets: CapturedPacket[] = [];
  await readCapture(path, (data, offset, caplen, wireLength, ts, linkType) => {
    packets.push({ data: data.slice(offset, offset + caplen), wireLength, ts, linkType });
  });
  return packets;
}

/** The capture played back to back until it lasts `seconds` (a sustained flood of the same packets). */
export function loopPackets(packets: CapturedPacket[], seconds: number): CapturedPacket[] {
  const first = packets[0]?.ts ?? 0;
  const last = packets.at(-1)?.ts ?? 0;
  const period = Math.max(1e-3, (last - first) * (1 + 1 / Math.max(1, packets.length - 1)));
  const out: CapturedPacket[] = [];
  for (let k = 0; k * period < seconds; k++)
    for (const p of packets) out.push({ ...p, ts: p.ts + k * period });
  return out;
}

export function writePackets(path: string, packets: CapturedPacket[]): void {
  const writer = new PcapWriter(path, 65_535, packets[0]?.linkType ?? 1);
  for (const p of packets) {
    const sec = Math.floor(p.ts);
    writer.write(p.data, p.wireLength, sec, Math.round((p.ts - sec) * 1e6));
  }
  writer.close();
}

/**
 * The live path on recorded packets: the agent's feature extractor summarises each sample
 * interval (bins start at an arbitrary phase, as the agent's clock does), each sample goes through
 * the API's sample validation and detector against floor thresholds, and the summaries of the
 * incident's samples through the API's incident window and classification.
 */
export function replayLive(packets: CapturedPacket[], intervalMs: number): Verdict | null {
  const policy = {
    multiplier: 3,
    floors: {
      ...DEFAULT_FLOORS,
      PPS: REPLAY_FLOOR_PPS,
      BPS: REPLAY_FLOOR_BPS,
      TCP_PPS: REPLAY_FLOOR_PPS,
      UDP_PPS: REPLAY_FLOOR_PPS,
      ICMP_PPS: REPLAY_FLOOR_PPS,
    },
    elevatedFraction: 0.5,
    overrides: {},
  };
  const thresholds: Threshold[] = TRAFFIC_METRICS.map((m) => thresholdFor(m, undefined, policy));
  const extractor = new FeatureExtractor({ ownAddresses: REPLAY_OWN_ADDRESSES });
  const window = new IncidentWindow();
  const seconds = intervalMs / 1000;
  let state = initialDetectorState();
  let resolved = false;
  const sample = (endSeconds: number) => {
    const summary = extractor.takeSummary(seconds);
    const rate = (n: number) => n / seconds;
    const p = summary.protocols;
    const endMs = Math.round(endSeconds * 1000);
    const parsed = parseSample(
      {
        ts: new Date(endMs),
        interface: "eth0",
        rxPps: rate(summary.packets),
        rxBps: rate(summary.bytes * 8),
        txPps: 0,
        txBps: 0,
        tcpPps: rate(p.tcp),
        udpPps: rate(p.udp),
        icmpPps: rate(p.icmp),
        otherPps: rate(p.gre + p.other),
        synRecv: 0,
        tcpEstablished: 0,
        tcpTotal: 0,
        capture: summary,
      },
      0,
      { maxAgeMs: Number.POSITIVE_INFINITY, maxFutureMs: Number.POSITIVE_INFINITY },
      endMs,
    );
    if ("errors" in parsed) throw new Error(`sample refused: ${JSON.stringify(parsed.errors)}`);
    const { row } = parsed;
    const open = state.incident !== null;
    const result = step(state, { ...row, ts: endMs }, thresholds);
    state = result.state;
    if (result.events.some((e) => e.kind === "RESOLVED")) resolved = true;
    if ((result.attack || open) && row.capture)
      window.add({ endMs, hot: result.sampleLevel === "ATTACK", summary: row.capture });
  };
  const start = (packets[0]?.ts ?? 0) - 0.37 * seconds;
  let binEnd = start + seconds;
  for (const p of packets) {
    while (p.ts >= binEnd) {
      sample(binEnd);
      binEnd += seconds;
    }
    extractor.addPacket(p.data, p.linkType, p.wireLength, p.ts);
  }
  // The flood is over: quiet samples until the incident resolves.
  for (let i = 0; !resolved && i < 100_000 && (state.incident || i === 0); i++) {
    sample(binEnd);
    binEnd += seconds;
  }
  const classified = classifyWindow(window, thresholds);
  return classified ? verdictOf(classified.classification) : null;
}

export function verdictOf(c: {
  family: string | null;
  vectors: { family: string }[];
  spoofed: boolean;
  botnet: boolean;
}): Verdict {
  return {
    family: c.family,
    vectors: c.vectors.map((v) => v.family).sort(),
    spoofed: c.spoofed,
    botnet: c.botnet,
  };
}
