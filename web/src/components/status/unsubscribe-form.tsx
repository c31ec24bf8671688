"use client";

import { useState } from "react";
import { ErrorMessage } from "@/components/ui/feedback";
import { buttonPrimary } from "@/components/ui/styles";
import { runMutation } from "@/lib/graphql/client-fetch";
import { UnsubscribeFromStatusPageMutation } from "@/lib/graphql/operations/status-page";
import { SUBSCRIBER_MAIL_TOPICS } from "@/lib/status/subscriber-scope";
import { StatusMessage } from "./status-message";

/** One button: the address of the token stops getting the page's e-mails (and is forgotten). */
export function UnsubscribeForm({
  token,
  title,
  back,
}: Readonly<{ token: string; title: string; back: string | null }>) {
  const [state, setState] = useState<"ask" | "busy" | "done">("ask");
  const [error, setError] = useState<string | null>(null);
  if (!token)
    return (
      <StatusMessage title={title} heading="This link does not work" back={back} failed>
        The unsubscribe link has no token: open it from the e-mail again, or use your mail program&apos;s
        Unsubscribe button.
      </StatusMessage>
    );
  if (state === "done")
    return (
      <StatusMessage title={title} heading="Unsubscribed" back={back}>
        This address gets no more e-mails from {title}, and is no longer kept.
      </StatusMessage>
    );
  async function leave() {
    setState("busy");
    setError(null);
    const outcome = await runMutation(
      UnsubscribeFromStatusPageMutation,
      { input: { token } },
      (d) => d.unsubscribeFromStatusPage,
    );
    if (outcome.ok) return setState("done");
    setError(outcome.message);
    setState("ask");
  }
  return (
    <main className="mx-auto flex w-full max-w-xl flex-col gap-4 px-4 py-12 sm:px-6">
      <p className="text-sm text-muted">{title}</p>
      <h1 className="text-2xl font-semibold">Unsubscribe from e-mail updates?</h1>
      <p className="text-sm">You will no longer get an e-mail {SUBSCRIBER_MAIL_TOPICS}.</p>
      <button
        type="button"
        onClick={leave}
        disabled={state === "busy"}
        className={`${buttonPrimary} self-start`}
      >
        {state === "busy" ? "Unsubscribing…" : "Unsubscribe"}
      </button>
      {error && <ErrorMessage>{error}</ErrorMessage>}
      {back !== null && (
        <a className="text-sm underline underline-offset-4 hover:text-primary" href={back}>
          Back to the status page
        </a>
      )}
    </main>
  );
}
