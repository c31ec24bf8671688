"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { clientFetch } from "@/lib/graphql/client-fetch";
import { LOGOUT_MUTATION } from "@/lib/graphql/documents";

export function LogoutButton() {
  const router = useRouter();
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function signOut() {
    setPending(true);
    setError(null);
    try {
      const { data, errors } = await clientFetch(LOGOUT_MUTATION);
      if (!data) {
        setError(errors[0]?.message ?? "Sign-out failed.");
        return;
      }
      router.refresh();
    } catch (failure) {
      setError(failure instanceof Error ? failure.message : "Sign-out failed.");
    } finally {
      setPending(false);
    }
  }

  return (
    <div className="flex items-center gap-3">
      <button
        type="button"
        onClick={signOut}
        disabled={pending}
        className="rounded-theme border border-muted/40 px-4 py-2 text-sm font-medium hover:border-danger hover:text-danger disabled:opacity-60"
      >
        {pending ? "Signing out…" : "Sign out"}
      </button>
      {error && (
        <span role="alert" className="text-sm text-danger">
          {error}
        </span>
      )}
    </div>
  );
}
