// One badge for the state of a firewall action, a network rule or a mitigation event. As with the node
// pills, the text stays in the text colour and the tone is carried by the border and the dot (WCAG AA).
const TONE: Record<string, string> = {
  ACTIVE: "border-danger/60 bg-danger/10",
  ANNOUNCED: "border-danger/60 bg-danger/10",
  APPLIED: "border-danger/60 bg-danger/10",
  PENDING: "border-warning/60 bg-warning/10",
  REQUESTED: "border-warning/60 bg-warning/10",
  UNDO_PENDING: "border-warning/60 bg-warning/10",
  UNDO_REQUESTED: "border-warning/60 bg-warning/10",
  FAILED: "border-danger bg-danger/20",
  REFUSED: "border-danger bg-danger/20",
  DRIFT_REPAIRED: "border-accent/60 bg-accent/10",
};
const DOT: Record<string, string> = {
  ACTIVE: "bg-danger animate-pulse",
  ANNOUNCED: "bg-danger animate-pulse",
  FAILED: "bg-danger",
  REFUSED: "bg-danger",
  PENDING: "bg-warning",
  UNDO_PENDING: "bg-warning",
};

export function StateBadge({ state }: Readonly<{ state: string }>) {
  const label = state.charAt(0) + state.slice(1).toLowerCase().replaceAll("_", " ");
  return (
    <span
      data-state={state}
      className={`inline-flex items-center gap-1.5 whitespace-nowrap rounded-full border px-2.5 py-0.5 text-xs font-semibold text-text ${TONE[state] ?? "border-muted/40 bg-muted/10"}`}
    >
      <span aria-hidden className={`h-1.5 w-1.5 rounded-full ${DOT[state] ?? "bg-muted"}`} />
      {label}
    </span>
  );
}
