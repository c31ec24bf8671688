"use client";

import { useState } from "react";
import { ErrorMessage } from "@/components/ui/feedback";
import { buttonPrimary } from "@/components/ui/styles";
import { runMutation } from "@/lib/graphql/client-fetch";
import { ConfirmStatusPageSubscriptionMutation } from "@/lib/graphql/operations/status-page";
import { SUBSCRIBER_MAIL_TOPICS } from "@/lib/status/subscriber-scope";
import { StatusMessage } from "./status-message";

/**
 * One button that confirms the subscription of the token. Not on opening the link: mail security
 * scanners (Safe Links and the like) fetch every link of an e-mail, and a GET that confirmed would
 * confirm, unasked, whatever address someone typed into the form — the double opt-in would be none.
 */
export function ConfirmForm({
  token,
  title,
  back,
}: Readonly<{ token: string; title: string; back: string | null }>) {
  const [state, setState] = useState<"ask" | "busy" | "done" | "invalid">(token ? "ask" : "invalid");
  const [error, setError] = useState<string | null>(null);
  if (state === "invalid")
    return (
      <StatusMessage title={title} heading="This link does not work" back={back} failed>
        The confirmation link is invalid, was already used, or is more than 48 hours old. Subscribe again on
        the status page to get a new one.
      </StatusMessage>
    );
  if (state === "done")
    return (
      <StatusMessage title={title} heading="Subscription confirmed" back={back}>
        You will get an e-mail about {title} {SUBSCRIBER_MAIL_TOPICS}. Every e-mail has a link to unsubscribe.
      </StatusMessage>
    );
  async function confirm() {
    setState("busy");
    setError(null);
    const outcome = await runMutation(
      ConfirmStatusPageSubscriptionMutation,
      { input: { token } },
      (d) => d.confirmStatusPageSubscription,
    );
    if (outcome.ok) return setState("done");
    if (outcome.fieldErrors.length > 0) return setState("invalid");
    setError(outcome.message);
    setState("ask");
  }
  return (
    <main className="mx-auto flex w-full max-w-xl flex-col gap-4 px-4 py-12 sm:px-6">
      <p className="text-sm text-muted">{title}</p>
      <h1 className="text-2xl font-semibold">Confirm your subscription?</h1>
      <p className="text-sm">
        You will get an e-mail about {title} {SUBSCRIBER_MAIL_TOPICS}.
      </p>
      <button
        type="button"
        onClick={confirm}
        disabled={state === "busy"}
        className={`${buttonPrimary} self-start`}
      >
        {state === "busy" ? "Confirming…" : "Confirm subscription"}
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
