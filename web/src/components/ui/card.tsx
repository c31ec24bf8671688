import type { ReactNode } from "react";

export function Card({
  title,
  actions,
  children,
  className = "",
}: Readonly<{ title?: string; actions?: ReactNode; children: ReactNode; className?: string }>) {
  return (
    <section className={`min-w-0 rounded-theme border border-muted/20 bg-surface p-5 shadow-sm ${className}`}>
      {(title || actions) && (
        <div className="mb-4 flex items-center justify-between gap-3">
          {title && <h2 className="text-sm font-semibold uppercase tracking-wide text-muted">{title}</h2>}
          {actions}
        </div>
      )}
      {children}
    </section>
  );
}
