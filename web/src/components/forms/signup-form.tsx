"use client";

import type { FormEvent } from "react";
import { ErrorMessage } from "@/components/ui/feedback";
import { Field } from "@/components/ui/field";
import { buttonPrimary } from "@/components/ui/styles";
import { runMutation } from "@/lib/graphql/client-fetch";
import { SignupMutation } from "@/lib/graphql/operations/session";
import { fieldMessage } from "@/lib/graphql/outcome";
import { NewPasswordFields } from "./new-password-fields";
import { useFormState } from "./use-form-state";

export function SignupForm({ invitationToken }: Readonly<{ invitationToken: string | null }>) {
  const state = useFormState();

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const input = {
      name: String(form.get("name") ?? "").trim(),
      email: String(form.get("email") ?? "").trim(),
      password: String(form.get("password") ?? ""),
      ...(invitationToken ? { invitationToken } : {}),
    };
    if (input.password !== String(form.get("confirm") ?? "")) {
      return state.invalid([{ path: "confirm", message: "The two passwords differ" }]);
    }
    state.begin();
    const outcome = await runMutation(SignupMutation, { input }, (data) => data.signup);
    if (!outcome.ok) return state.fail(outcome);
    state.succeed(null, true);
    // A full navigation (see LoginForm): the router's signed-out prefetches must not be shown.
    window.location.replace(invitationToken ? "/" : "/new");
  }

  return (
    <form onSubmit={onSubmit} className="flex flex-col gap-4">
      <Field
        label="Your name"
        name="name"
        autoComplete="name"
        required
        maxLength={120}
        error={fieldMessage(state.fields, "name")}
      />
      <Field
        label="Email"
        name="email"
        type="email"
        autoComplete="email"
        required
        error={fieldMessage(state.fields, "email")}
      />
      <NewPasswordFields
        name="password"
        label="Password"
        repeatLabel="Repeat the password"
        fields={state.fields}
      />
      {state.error && <ErrorMessage>{state.error}</ErrorMessage>}
      <button type="submit" disabled={state.busy} className={buttonPrimary}>
        {state.busy ? "Creating your account…" : "Create account"}
      </button>
    </form>
  );
}
