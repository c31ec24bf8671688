// The manual announcement form → the announceMitigation input. Ports are "53, 123, 1000-2000"; protocols
// are IP protocol numbers. Browser-side checks mirror the API's bounds (TTL 60 s – 7 days, ports 0–65535,
// protocols 0–255); the API validates the prefix, ownership and guardrails and answers with paths. Pure.
import type { FieldProblem } from "@/lib/graphql/outcome";

export interface AnnounceDraft {
  kind: "FLOWSPEC" | "RTBH" | "SCRUBBING";
  destination: string;
  ttlSeconds: number;
  escalated: boolean;
  protocols?: number[];
  sourcePorts?: { from: number; to: number }[];
  destinationPorts?: { from: number; to: number }[];
  rateBytesPerSecond?: number;
  communities?: string[];
}

const split = (text: string) =>
  text
    .split(/[\s,]+/)
    .map((s) => s.trim())
    .filter(Boolean);

export function parsePorts(text: string): { from: number; to: number }[] | string {
  const ranges: { from: number; to: number }[] = [];
  for (const part of split(text)) {
    const match = /^(\d{1,5})(?:-(\d{1,5}))?$/.exec(part);
    const from = Number(match?.[1]);
    const to = Number(match?.[2] ?? match?.[1]);
    if (!match || from > 65_535 || to > 65_535 || to < from)
      return `"${part}" is not a port or range (0–65535)`;
    ranges.push({ from, to });
  }
  return ranges;
}

export function readAnnounceForm(form: FormData): { input: AnnounceDraft | null; problems: FieldProblem[] } {
  const problems: FieldProblem[] = [];
  const text = (key: string) => String(form.get(key) ?? "").trim();
  const kind = text("kind") as AnnounceDraft["kind"];
  if (!["FLOWSPEC", "RTBH", "SCRUBBING"].includes(kind))
    problems.push({ path: "kind", message: "Choose a kind" });
  const destination = text("destination");
  if (!destination) problems.push({ path: "destination", message: "An address or prefix" });
  const ttlSeconds = Number(text("ttlSeconds"));
  if (!Number.isInteger(ttlSeconds) || ttlSeconds < 60 || ttlSeconds > 604_800)
    problems.push({ path: "ttlSeconds", message: "Whole seconds, 60–604800 (7 days)" });
  const input: AnnounceDraft = { kind, destination, ttlSeconds, escalated: form.get("escalated") === "on" };
  if (kind === "FLOWSPEC") {
    const protocols = split(text("protocols")).map(Number);
    if (protocols.some((p) => !Number.isInteger(p) || p < 0 || p > 255))
      problems.push({ path: "protocols", message: "IP protocol numbers, 0–255" });
    if (protocols.length) input.protocols = protocols;
    for (const key of ["sourcePorts", "destinationPorts"] as const) {
      const ports = parsePorts(text(key));
      if (typeof ports === "string") problems.push({ path: key, message: ports });
      else if (ports.length) input[key] = ports;
    }
    const rate = Number(text("rateBytesPerSecond") || "0");
    if (!(rate >= 0)) problems.push({ path: "rateBytesPerSecond", message: "0 (discard) or more" });
    input.rateBytesPerSecond = rate;
  }
  if (kind === "RTBH") {
    const communities = split(text("communities"));
    if (communities.some((c) => !/^\d{1,10}:\d{1,10}$/.test(c)))
      problems.push({ path: "communities", message: "ASN:value, e.g. 64500:100" });
    if (communities.length) input.communities = communities;
  }
  return problems.length > 0 ? { input: null, problems } : { input, problems };
}
