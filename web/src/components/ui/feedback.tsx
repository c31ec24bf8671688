import type { ReactNode } from "react";

export function ErrorMessage({ children }: Readonly<{ children: ReactNode }>) {
  return (
    <p
      role="alert"
      className="rounded-theme border border-danger/40 bg-danger/10 px-3 py-2 text-sm text-danger"
    >
      {children}
    </p>
  );
}

export function SuccessMessage({ children }: Readonly<{ children: ReactNode }>) {
  return (
    <p
      role="status"
      className="rounded-theme border border-success/40 bg-success/10 px-3 py-2 text-sm text-text"
    >
      {children}
    </p>
  );
}

export function EmptyState({ title, children }: Readonly<{ title: string; children?: ReactNode }>) {
  return (
    <div className="flex flex-col items-center gap-2 rounded-theme border border-dashed border-muted/40 px-6 py-10 text-center">
      <p className="font-medium">{title}</p>
      {children && <div className="max-w-md text-sm text-muted">{children}</div>}
    </div>
  );
}

/** Grey blocks in the shape of the content while a route segment loads. */
export function Skeleton({ rows = 3, label = "Loading" }: Readonly<{ rows?: number; label?: string }>) {
  return (
    <div role="status" aria-live="polite" className="flex flex-col gap-3">
      <span className="sr-only">{label}…</span>
      {Array.from({ length: rows }, (_, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: placeholders have no identity
        <div key={i} className="h-16 animate-pulse rounded-theme bg-muted/15" />
      ))}
    </div>
  );
}
