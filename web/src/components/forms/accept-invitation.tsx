"use client";

import { useState } from "react";
import { ErrorMessage } from "@/components/ui/feedback";
import { buttonPrimary, linkClass } from "@/components/ui/styles";
import { runMutation } from "@/lib/graphql/client-fetch";
import { AcceptInvitationMutation, LogoutMutation } from "@/lib/graphql/operations/session";

/** The API's refusals in a guest's words: it answers NOT_FOUND for a spent, expired or unknown token alike. */
function refusalText(outcome: { code?: string; message: string }): string {
  if (outcome.code === "NOT_FOUND")
    return "This invitation is no longer valid: it was used, withdrawn or has expired. Ask for a new one.";
  return outcome.message;
}

/**
 * An invitation opened by someone already signed in: they join with the account they have
 * (acceptInvitation), or sign out to use another one. Before, the link offered only a sign-up form,
 * so an existing user could not accept it at all.
 */
export function AcceptInvitation({ token, email }: Readonly<{ token: string; email: string }>) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function accept() {
    setBusy(true);
    setError(null);
    const outcome = await runMutation(
      AcceptInvitationMutation,
      { input: { token } },
      (d) => d.acceptInvitation,
    );
    if (!outcome.ok) {
      setBusy(false);
      return setError(refusalText(outcome));
    }
    window.location.replace(`/w/${outcome.value.membership.workspace.slug}`);
  }

  async function signOut() {
    setBusy(true);
    const outcome = await runMutation(LogoutMutation, {}, (d) => d.logout);
    if (!outcome.ok) {
      setBusy(false);
      return setError(outcome.message);
    }
    // The same link again, signed out: the sign-up form, and a way to sign in as the invited address.
    window.location.reload();
  }

  return (
    <div className="flex flex-col gap-4">
      <p className="text-sm">
        You are signed in as <strong>{email}</strong>. Accept to join the workspace with this account.
      </p>
      {error && <ErrorMessage>{error}</ErrorMessage>}
      <button type="button" onClick={accept} disabled={busy} className={`${buttonPrimary} self-start`}>
        {busy ? "Joining…" : "Accept invitation"}
      </button>
      <p className="text-sm text-muted">
        Invited at another address?{" "}
        <button type="button" onClick={signOut} disabled={busy} className={linkClass}>
          Sign out
        </button>{" "}
        and sign in or sign up with that one.
      </p>
    </div>
  );
}
