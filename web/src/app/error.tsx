"use client";

import { buttonSecondary } from "@/components/ui/styles";

/** Any failure while loading a page is shown with its message, with a way to try again. */
export default function ErrorPage({
  error,
  reset,
}: Readonly<{ error: Error & { digest?: string }; reset: () => void }>) {
  return (
    <main className="flex min-h-[60vh] flex-col items-center justify-center gap-3 px-6 text-center">
      <h1 className="text-xl font-semibold">This page could not be loaded</h1>
      <p role="alert" className="max-w-lg text-sm text-danger">
        {error.message || "Unexpected error"}
        {error.digest ? ` (reference ${error.digest})` : ""}
      </p>
      <button type="button" onClick={reset} className={buttonSecondary}>
        Try again
      </button>
    </main>
  );
}
