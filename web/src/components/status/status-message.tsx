import type { ReactNode } from "react";

/** A one-message page in a status page's look (confirm and unsubscribe landings). */
export function StatusMessage({
  title,
  heading,
  back,
  failed = false,
  children,
}: Readonly<{ title: string; heading: string; back: string | null; failed?: boolean; children: ReactNode }>) {
  return (
    <main className="mx-auto flex w-full max-w-xl flex-col gap-4 px-4 py-12 sm:px-6">
      <p className="text-sm text-muted">{title}</p>
      <h1 className="text-2xl font-semibold">{heading}</h1>
      <div
        role={failed ? "alert" : "status"}
        className={`rounded-theme border px-4 py-3 text-sm ${
          failed ? "border-danger/40 bg-danger/10" : "border-success/40 bg-success/10"
        }`}
      >
        {children}
      </div>
      {back !== null && (
        <a className="text-sm underline underline-offset-4 hover:text-primary" href={back}>
          Back to the status page
        </a>
      )}
    </main>
  );
}
