import type { ReactNode } from "react";

export function Stat({
  label,
  value,
  tone = "text",
  hint,
}: Readonly<{
  label: string;
  value: ReactNode;
  tone?: "text" | "danger" | "success" | "warning";
  hint?: ReactNode;
}>) {
  const color = {
    text: "text-text",
    danger: "text-danger",
    success: "text-success",
    warning: "text-warning",
  }[tone];
  return (
    <div className="rounded-theme border border-muted/20 bg-surface p-4 shadow-sm">
      <p className="text-xs font-semibold uppercase tracking-wide text-muted">{label}</p>
      <p className={`mt-1 text-2xl font-semibold tabular-nums ${color}`}>{value}</p>
      {hint && <p className="mt-0.5 text-xs text-muted">{hint}</p>}
    </div>
  );
}
