"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { runMutation } from "@/lib/graphql/client-fetch";
import { LogoutMutation } from "@/lib/graphql/operations/session";

export function LogoutButton() {
  const router = useRouter();
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function signOut() {
    setPending(true);
    setError(null);
    const outcome = await runMutation(LogoutMutation, {}, (data) => data.logout);
    setPending(false);
    if (!outcome.ok) return setError(outcome.message);
    router.replace("/login");
    router.refresh();
  }

  return (
    <div className="flex flex-col gap-1">
      <button
        type="button"
        onClick={signOut}
        disabled={pending}
        className="rounded-theme px-2 py-1 text-left text-sm text-muted hover:text-danger disabled:opacity-60"
      >
        {pending ? "Signing out…" : "Sign out"}
      </button>
      {error && (
        <span role="alert" className="text-xs text-danger">
          {error}
        </span>
      )}
    </div>
  );
}
