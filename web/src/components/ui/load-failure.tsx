"use client";

import { buttonSecondary } from "@/components/ui/styles";

type Props = Readonly<{ error: Error & { digest?: string }; reset: () => void }>;

/**
 * What an error boundary shows: the failure's message, with a way to try again. Inside the dashboard
 * it sits in the layout's <main>, so it is a plain region there; only the root boundary is the page's
 * <main> (a page has one main landmark).
 */
export function LoadFailure({ error, reset, landmark = false }: Props & { landmark?: boolean }) {
  const Root = landmark ? "main" : "div";
  return (
    <Root
      role={landmark ? undefined : "region"}
      aria-labelledby="load-failure-title"
      className="flex min-h-[60vh] flex-col items-center justify-center gap-3 px-6 text-center"
    >
      <h1 id="load-failure-title" className="text-xl font-semibold">
        This page could not be loaded
      </h1>
      <p role="alert" className="max-w-lg text-sm text-danger">
        {error.message || "Unexpected error"}
        {error.digest ? ` (reference ${error.digest})` : ""}
      </p>
      <button type="button" onClick={reset} className={buttonSecondary}>
        Try again
      </button>
    </Root>
  );
}
