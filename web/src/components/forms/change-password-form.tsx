"use client";

import type { FormEvent } from "react";
import { Card } from "@/components/ui/card";
import { ErrorMessage, SuccessMessage } from "@/components/ui/feedback";
import { Field } from "@/components/ui/field";
import { buttonPrimary } from "@/components/ui/styles";
import {
  checkPasswordChange,
  passwordChangedMessage,
  placePasswordChangeProblems,
} from "@/lib/account/password-change";
import { runMutation } from "@/lib/graphql/client-fetch";
import { ChangePasswordMutation } from "@/lib/graphql/operations/session";
import { fieldMessage } from "@/lib/graphql/outcome";
import { NewPasswordFields } from "./new-password-fields";
import { useFormState } from "./use-form-state";

/** Current password, new password twice; the API then signs out every other session of the user. */
export function ChangePasswordForm() {
  const state = useFormState();

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const element = event.currentTarget;
    const form = new FormData(element);
    const values = {
      currentPassword: String(form.get("currentPassword") ?? ""),
      newPassword: String(form.get("newPassword") ?? ""),
      confirm: String(form.get("confirm") ?? ""),
    };
    const problems = checkPasswordChange(values);
    if (problems.length > 0) return state.invalid(problems);
    state.begin();
    const { confirm: _, ...input } = values;
    const outcome = await runMutation(ChangePasswordMutation, { input }, (data) => data.changePassword);
    // The fields keep what was typed, so a refused change can be corrected rather than retyped.
    if (!outcome.ok) return state.fail(placePasswordChangeProblems(outcome));
    element.reset();
    state.succeed(passwordChangedMessage(outcome.value.otherSessionsEnded));
  }

  return (
    <Card title="Change password">
      <form onSubmit={onSubmit} className="flex flex-col gap-4" aria-label="Change password" noValidate>
        <Field
          label="Current password"
          name="currentPassword"
          type="password"
          autoComplete="current-password"
          required
          error={fieldMessage(state.fields, "currentPassword")}
        />
        <NewPasswordFields
          name="newPassword"
          label="New password"
          repeatLabel="Repeat the new password"
          fields={state.fields}
        />
        {state.error && <ErrorMessage>{state.error}</ErrorMessage>}
        {state.done && <SuccessMessage>{state.done}</SuccessMessage>}
        <button type="submit" disabled={state.busy} className={buttonPrimary}>
          {state.busy ? "Changing password…" : "Change password"}
        </button>
      </form>
    </Card>
  );
}
