import { HEALTH_LABEL, type NodeHealth } from "@/lib/nodes/node-health";

const TONE: Record<NodeHealth, string> = {
  UNDER_ATTACK: "bg-danger/15 text-danger border-danger/40",
  ELEVATED: "bg-warning/15 text-warning border-warning/40",
  OFFLINE: "bg-muted/15 text-muted border-muted/40",
  PENDING: "bg-muted/10 text-muted border-muted/30",
  LEARNING: "bg-accent/15 text-accent border-accent/40",
  ONLINE: "bg-success/15 text-success border-success/40",
};
const DOT: Record<NodeHealth, string> = {
  UNDER_ATTACK: "bg-danger animate-pulse",
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
  MEDIUM: "bg-warning/15 text-warning border-warning/40",
  LOW: "bg-muted/15 text-text border-muted/40",
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
