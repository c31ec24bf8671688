import { HEALTH_LABEL, type NodeHealth } from "@/lib/nodes/node-health";

// Text stays in the text colour (or the background colour on solid red) so every pill passes WCAG AA
// contrast in both schemes; the tone is carried by the border and the dot.
const TONE: Record<NodeHealth, string> = {
  UNDER_ATTACK: "bg-danger text-background border-danger",
  ELEVATED: "bg-warning/10 text-text border-warning/60",
  OFFLINE: "bg-muted/10 text-text border-muted/50",
  PENDING: "bg-surface text-text border-muted/40",
  LEARNING: "bg-accent/10 text-text border-accent/60",
  ONLINE: "bg-success/10 text-text border-success/60",
};
const DOT: Record<NodeHealth, string> = {
  UNDER_ATTACK: "bg-background animate-pulse",
  ELEVATED: "bg-warning",
  OFFLINE: "bg-muted",
  PENDING: "bg-muted/60",
  LEARNING: "bg-accent",
  ONLINE: "bg-success",
};

export function StatusPill({ health }: Readonly<{ health: NodeHealth }>) {
  return (
    <span
      data-health={health}
      className={`inline-flex items-center gap-1.5 whitespace-nowrap rounded-full border px-2.5 py-0.5 text-xs font-semibold ${TONE[health]}`}
    >
      <span aria-hidden className={`h-1.5 w-1.5 rounded-full ${DOT[health]}`} />
      {HEALTH_LABEL[health]}
    </span>
  );
}

const SEVERITY: Record<string, string> = {
  CRITICAL: "bg-danger text-background border-danger",
  HIGH: "bg-danger/15 text-danger border-danger/40",
  MEDIUM: "bg-warning/10 text-text border-warning/60",
  LOW: "bg-muted/10 text-text border-muted/40",
};

export function SeverityBadge({ severity }: Readonly<{ severity: string }>) {
  return (
    <span className={`rounded-full border px-2 py-0.5 text-xs font-semibold ${SEVERITY[severity] ?? ""}`}>
      {severity.charAt(0) + severity.slice(1).toLowerCase()}
    </span>
  );
}

export function IncidentStatusBadge({ status }: Readonly<{ status: string }>) {
  return status === "OPEN" ? (
    <span className="inline-flex items-center gap-1.5 text-xs font-semibold text-danger">
      <span aria-hidden className="h-1.5 w-1.5 animate-pulse rounded-full bg-danger" />
      Open
    </span>
  ) : (
    <span className="text-xs font-semibold text-success">Resolved</span>
  );
}
