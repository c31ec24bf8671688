import { FAMILY_LABELS } from "@levee/shared/classification";
import type { CaptureAnalysis } from "./capture-analysis.ts";

const n = new Intl.NumberFormat("en-US", { maximumFractionDigits: 0 });
const pct = (share: number) => `${Math.round(share * 100)}%`;

/** The machine-readable result of `levee-agent analyze --json`. */
export function analysisJson(a: CaptureAnalysis) {
  const c = a.classification;
  return {
    file: a.file,
    format: a.read.format,
    linkTypes: a.linkTypes,
    packets: a.packets,
    bytes: a.bytes,
    durationSeconds: round(a.durationSeconds),
    averagePps: round(a.averagePps),
    peakPps: a.peakPps,
    peakBps: a.peakBps,
    activeSeconds: a.activeSeconds,
    attackSeconds: a.attackSeconds,
    skipped: {
      malformedPackets: a.malformedPackets,
      corruptRecords: a.read.corruptRecords,
      truncatedRecords: a.read.truncatedRecords,
      skippedBytes: a.read.skippedBytes,
      stoppedEarly: a.read.stoppedEarly,
    },
    family: c.family,
    detail: c.detail,
    confidence: c.confidence,
    spoofed: c.spoofed,
    spoofingScore: c.spoofingScore,
    botnet: c.botnet,
    distinctSources: c.distinctSources,
    distinctSourcesExact: a.summary.distinctSourcesExact,
    vectors: c.vectors,
    evidence: c.evidence,
    sources: c.topSources.map((s) => ({
      ip: s.ip,
      packets: s.packets,
      bytes: s.bytes,
      share: round(s.share),
      ttls: s.ttls,
    })),
    summary: a.text,
  };
}

/** The human-readable report `levee-agent analyze` prints by default. */
export function analysisText(a: CaptureAnalysis): string {
  const c = a.classification;
  const skipped = a.malformedPackets + a.read.corruptRecords + a.read.truncatedRecords;
  const lines = [
    `${a.file}`,
    `  ${a.read.format}, ${a.linkTypes.join(" + ") || "no packets"}: ${n.format(a.packets)} packets, ${n.format(a.bytes)} bytes over ${a.durationSeconds.toFixed(2)} s`,
    `  rate: ${n.format(a.averagePps)} pps average, ${n.format(a.peakPps)} pps peak; ${a.attackSeconds} of ${a.activeSeconds} seconds above threshold`,
  ];
  if (skipped > 0 || a.read.stoppedEarly) {
    lines.push(
      `  skipped: ${n.format(a.malformedPackets)} malformed or non-IP packets, ${a.read.corruptRecords} corrupt and ${a.read.truncatedRecords} truncated records`,
    );
    if (a.read.stoppedEarly) lines.push(`  ${a.read.stoppedEarly}`);
  }
  lines.push("");
  if (c.family === null) lines.push("  attack: none");
  else
    lines.push(
      `  attack: ${FAMILY_LABELS[c.family]}${c.detail ? ` (${c.detail})` : ""}, confidence ${c.confidence}%`,
    );
  lines.push(
    `  sources: ${n.format(c.distinctSources)} distinct; spoofed ${c.spoofed ? "yes" : "no"} (score ${c.spoofingScore}); botnet ${c.botnet ? "yes" : "no"}`,
  );
  for (const v of c.vectors) {
    lines.push(
      `  vector: ${FAMILY_LABELS[v.family]}${v.detail ? ` (${v.detail})` : ""} — ${pct(v.packetsShare)} of attack traffic, confidence ${v.confidence}%`,
    );
  }
  lines.push("", "  evidence:", ...c.evidence.map((e) => `    - ${e}`));
  if (c.topSources.length > 0) {
    lines.push("", "  top sources:");
    for (const s of c.topSources.slice(0, 10)) {
      lines.push(
        `    ${s.ip.padEnd(39)} ${n.format(s.packets).padStart(10)} pkts ${pct(s.share).padStart(4)}  TTL ${s.ttls.join(",")}`,
      );
    }
  }
  lines.push("", `  ${a.text}`);
  return lines.join("\n");
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}
