"use client";

import type { FormEvent } from "react";
import { ErrorMessage } from "@/components/ui/feedback";
import { Field } from "@/components/ui/field";
import { buttonPrimary } from "@/components/ui/styles";
import { runMutation } from "@/lib/graphql/client-fetch";
import { LoginMutation } from "@/lib/graphql/operations/session";
import { fieldMessage } from "@/lib/graphql/outcome";
import { useFormState } from "./use-form-state";

export function LoginForm({ next }: Readonly<{ next: string }>) {
  const form = useFormState();

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const input = {
      email: String(data.get("email") ?? "").trim(),
      password: String(data.get("password") ?? ""),
    };
    form.begin();
    const outcome = await runMutation(LoginMutation, { input }, (d) => d.login);
    if (!outcome.ok) return form.fail(outcome);
    form.succeed(null, true);
    // A full navigation, not router.replace: the router may hold a prefetch of `next` made
    // while signed out (the sign-in card), and refresh() does not always drop it — a user who
    // signed in was left on an empty card with the session cookie already set.
    window.location.replace(next);
  }

  return (
    <form onSubmit={onSubmit} className="flex flex-col gap-4">
      <Field
        label="Email"
        name="email"
        type="email"
        autoComplete="username"
        required
        error={fieldMessage(form.fields, "email")}
      />
      <Field
        label="Password"
        name="password"
        type="password"
        autoComplete="current-password"
        required
        error={fieldMessage(form.fields, "password")}
      />
      {form.error && <ErrorMessage>{form.error}</ErrorMessage>}
      <button type="submit" disabled={form.busy} className={buttonPrimary}>
        {form.busy ? "Signing in…" : "Sign in"}
      </button>
    </form>
  );
}
