// CSV export of the incident list (RFC 4180: CRLF, quoted fields where needed). Cells starting with = + - @
// are prefixed with ' so a spreadsheet never runs them as formulas (node names are user input).

export interface IncidentRow {
  id: string;
  status: string;
  severity: string;
  startedAt: string;
  endedAt?: string | null;
  durationSeconds: number;
  peakPps: number;
  peakBps: number;
  triggerMetrics: readonly string[];
  node: { name: string };
  classification?: { family?: string | null; confidence: number } | null;
}

export const CSV_HEADER = [
  "id",
  "node",
  "status",
  "severity",
  "family",
  "confidence",
  "started_at",
  "ended_at",
  "duration_s",
  "peak_pps",
  "peak_bps",
  "trigger_metrics",
];

export function csvCell(value: string | number | null | undefined): string {
  let text = value === null || value === undefined ? "" : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function incidentsCsv(rows: readonly IncidentRow[]): string {
  const lines = [CSV_HEADER.join(",")];
  for (const row of rows) {
    lines.push(
      [
        row.id,
        row.node.name,
        row.status,
        row.severity,
        row.classification?.family ?? "",
        row.classification ? row.classification.confidence : "",
        row.startedAt,
        row.endedAt ?? "",
        row.durationSeconds,
        Math.round(row.peakPps),
        Math.round(row.peakBps),
        row.triggerMetrics.join(" "),
      ]
        .map(csvCell)
        .join(","),
    );
  }
  return `${lines.join("\r\n")}\r\n`;
}
