"use client";

import type { FormEvent } from "react";
import { ErrorMessage, SuccessMessage } from "@/components/ui/feedback";
import { Field } from "@/components/ui/field";
import { buttonPrimary } from "@/components/ui/styles";
import { RESET_REQUESTED_MESSAGE } from "@/lib/account/password-reset";
import { runMutation } from "@/lib/graphql/client-fetch";
import { RequestPasswordResetMutation } from "@/lib/graphql/operations/session";
import { fieldMessage } from "@/lib/graphql/outcome";
import { useFormState } from "./use-form-state";

/** Asks for a reset link; the answer (and so the line shown) is the same for every address. */
export function ForgotPasswordForm() {
  const state = useFormState();

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const email = String(new FormData(event.currentTarget).get("email") ?? "").trim();
    state.begin();
    const outcome = await runMutation(
      RequestPasswordResetMutation,
      { input: { email } },
      (data) => data.requestPasswordReset,
    );
    // A server that cannot send e-mail, or too many requests: the API's own words say what to do.
    if (!outcome.ok) return state.fail(outcome);
    state.succeed(RESET_REQUESTED_MESSAGE);
  }

  return (
    <form onSubmit={onSubmit} className="flex flex-col gap-4" aria-label="Reset your password">
      <Field
        label="Email"
        name="email"
        type="email"
        autoComplete="email"
        required
        error={fieldMessage(state.fields, "email")}
      />
      {state.error && <ErrorMessage>{state.error}</ErrorMessage>}
      {state.done && <SuccessMessage>{state.done}</SuccessMessage>}
      <button type="submit" disabled={state.busy} className={buttonPrimary}>
        {state.busy ? "Sending…" : state.done ? "Send again" : "Send the link"}
      </button>
    </form>
  );
}
