import type { Classification } from "./classifier.ts";
import { FAMILY_LABELS } from "./families.ts";
import { count, percent, rate } from "./format.ts";

/** A short paragraph an operator can read in an alert or on the incident page. */
export function summarizeIncidentText(c: Classification): string {
  if (c.family === null) {
    return `No attack recognised (${rate(c.packetsPerSecond, "pps")}). ${c.evidence.join(". ")}.`;
  }
  const name =
    c.family === "MULTI_VECTOR"
      ? `Multi-vector attack (${c.vectors.map((v) => `${FAMILY_LABELS[v.family]} ${percent(v.packetsShare)}`).join(", ")})`
      : `${capitalise(FAMILY_LABELS[c.family])}${c.detail ? ` — ${c.detail}` : ""}`;
  const sentences = [
    `${name}, confidence ${c.confidence}%, at ${rate(c.packetsPerSecond, "pps")} / ${rate(c.bitsPerSecond, "bit/s")}.`,
    sourcesSentence(c),
  ];
  const top = c.topSources
    .slice(0, 3)
    .map(
      (s) =>
        `${s.ip} (${s.share >= 0.01 ? percent(s.share) : `${count(s.packets)} packet${s.packets === 1 ? "" : "s"}`})`,
    );
  if (top.length > 0) sentences.push(`Top sources: ${top.join(", ")}.`);
  const lead = c.evidence[0];
  if (lead) sentences.push(`${lead}.`);
  return sentences.join(" ");
}

function sourcesSentence(c: Classification): string {
  const sources = `${count(c.distinctSources)} distinct source${c.distinctSources === 1 ? "" : "s"}`;
  if (c.spoofed)
    return `${capitalise(sources)}, spoofed (score ${c.spoofingScore}): blocking by source address will not help.`;
  if (c.botnet) return `${capitalise(sources)} that look genuine: a botnet.`;
  return `${capitalise(sources)}, not spoofed (score ${c.spoofingScore}).`;
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
