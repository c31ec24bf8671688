"use client";

import { useRouter } from "next/navigation";
import { type FormEvent, useState } from "react";
import { clientFetch } from "@/lib/graphql/client-fetch";
import { isSessionPayload, LOGIN_MUTATION } from "@/lib/graphql/documents";

type Status =
  | { kind: "idle" }
  | { kind: "submitting" }
  | { kind: "redirecting" }
  | { kind: "failed"; message: string };

const inputClass =
  "w-full rounded-theme border border-muted/40 bg-background px-3 py-2 text-text outline-none focus:border-primary";

export function LoginForm() {
  const router = useRouter();
  const [status, setStatus] = useState<Status>({ kind: "idle" });
  const busy = status.kind === "submitting" || status.kind === "redirecting";

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const input = { email: String(form.get("email") ?? ""), password: String(form.get("password") ?? "") };
    setStatus({ kind: "submitting" });
    try {
      const { data, errors } = await clientFetch(LOGIN_MUTATION, { input });
      const login = data?.login;
      if (!login) return setStatus({ kind: "failed", message: errors[0]?.message ?? "Sign-in failed." });
      if (!isSessionPayload(login)) return setStatus({ kind: "failed", message: login.message });
      setStatus({ kind: "redirecting" });
      router.replace("/");
      router.refresh();
    } catch (error) {
      setStatus({ kind: "failed", message: error instanceof Error ? error.message : "Sign-in failed." });
    }
  }

  return (
    <form onSubmit={onSubmit} className="flex flex-col gap-4">
      <label className="flex flex-col gap-1 text-sm font-medium">
        Email
        <input name="email" type="email" autoComplete="username" required className={inputClass} />
      </label>
      <label className="flex flex-col gap-1 text-sm font-medium">
        Password
        <input
          name="password"
          type="password"
          autoComplete="current-password"
          required
          className={inputClass}
        />
      </label>
      {status.kind === "failed" && (
        <p role="alert" className="text-sm text-danger">
          {status.message}
        </p>
      )}
      <button
        type="submit"
        disabled={busy}
        className="rounded-theme bg-primary px-4 py-2 font-medium text-background disabled:opacity-60"
      >
        {status.kind === "submitting"
          ? "Signing in…"
          : status.kind === "redirecting"
            ? "Signed in"
            : "Sign in"}
      </button>
    </form>
  );
}
