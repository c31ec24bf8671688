import type { ReactNode } from "react";

export function Card({ title, children }: Readonly<{ title: string; children: ReactNode }>) {
  return (
    <section className="rounded-theme border border-muted/25 bg-surface p-6 shadow-sm">
      <h2 className="mb-3 text-sm font-semibold uppercase tracking-wide text-muted">{title}</h2>
      {children}
    </section>
  );
}
