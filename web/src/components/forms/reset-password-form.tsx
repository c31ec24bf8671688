"use client";

import Link from "next/link";
import { type FormEvent, useState } from "react";
import { ErrorMessage } from "@/components/ui/feedback";
import { buttonPrimary, linkClass } from "@/components/ui/styles";
import { checkNewPassword, placeResetRefusal, RESET_DONE_QUERY } from "@/lib/account/password-reset";
import { runMutation } from "@/lib/graphql/client-fetch";
import { ResetPasswordMutation } from "@/lib/graphql/operations/session";
import { NewPasswordFields } from "./new-password-fields";
import { useFormState } from "./use-form-state";

/** A new password twice, with the mailed link's token; then sign-in, which says the password changed. */
export function ResetPasswordForm({ token }: Readonly<{ token: string }>) {
  const state = useFormState();
  const [linkDead, setLinkDead] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const values = {
      password: String(form.get("password") ?? ""),
      confirm: String(form.get("confirm") ?? ""),
    };
    const problems = checkNewPassword(values);
    if (problems.length > 0) return state.invalid(problems);
    state.begin();
    const outcome = await runMutation(
      ResetPasswordMutation,
      { input: { token, password: values.password } },
      (data) => data.resetPassword,
    );
    if (!outcome.ok) {
      const placed = placeResetRefusal(outcome);
      setLinkDead(placed.linkDead);
      return state.fail(placed);
    }
    state.succeed(null, true);
    // Nobody is signed in by a reset: the user signs in with the new password.
    window.location.replace(`/login?${RESET_DONE_QUERY}`);
  }

  return (
    <form onSubmit={onSubmit} className="flex flex-col gap-4" aria-label="Choose a new password" noValidate>
      <NewPasswordFields
        name="password"
        label="New password"
        repeatLabel="Repeat the new password"
        fields={state.fields}
      />
      {state.error && (
        <ErrorMessage>
          {state.error}
          {linkDead && (
            <>
              {" "}
              <Link href="/forgot-password" className={linkClass}>
                Ask for a new link
              </Link>
            </>
          )}
        </ErrorMessage>
      )}
      <button type="submit" disabled={state.busy} className={buttonPrimary}>
        {state.busy ? "Saving…" : "Set the new password"}
      </button>
    </form>
  );
}
