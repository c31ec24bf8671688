"use client";

import { useRouter } from "next/navigation";
import { type FormEvent, useState } from "react";
import { ErrorMessage } from "@/components/ui/feedback";
import { Field } from "@/components/ui/field";
import { buttonPrimary } from "@/components/ui/styles";
import { runMutation } from "@/lib/graphql/client-fetch";
import { LoginMutation } from "@/lib/graphql/operations/session";
import { type FieldProblem, fieldMessage } from "@/lib/graphql/outcome";

export function LoginForm({ next }: Readonly<{ next: string }>) {
  const router = useRouter();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [fields, setFields] = useState<readonly FieldProblem[]>([]);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const input = {
      email: String(form.get("email") ?? "").trim(),
      password: String(form.get("password") ?? ""),
    };
    setBusy(true);
    setError(null);
    const outcome = await runMutation(LoginMutation, { input }, (data) => data.login);
    if (!outcome.ok) {
      setBusy(false);
      setFields(outcome.fieldErrors);
      return setError(outcome.message);
    }
    router.replace(next);
    router.refresh();
  }

  return (
    <form onSubmit={onSubmit} className="flex flex-col gap-4">
      <Field
        label="Email"
        name="email"
        type="email"
        autoComplete="username"
        required
        error={fieldMessage(fields, "email")}
      />
      <Field
        label="Password"
        name="password"
        type="password"
        autoComplete="current-password"
        required
        error={fieldMessage(fields, "password")}
      />
      {error && <ErrorMessage>{error}</ErrorMessage>}
      <button type="submit" disabled={busy} className={buttonPrimary}>
        {busy ? "Signing in…" : "Sign in"}
      </button>
    </form>
  );
}
