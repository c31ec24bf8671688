"use client";

// A password-protected page's feed link, for whoever may change the page (it opens the page's
// status.json and feed as the password opens the page): the two addresses with the token, and "New
// link", which voids the old one at once (a link shared too widely, a reader no longer welcome). A
// new password makes a new link too; removing the password leaves the feed public.
import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";
import { useFormState } from "@/components/forms/use-form-state";
import { Card } from "@/components/ui/card";
import { ErrorMessage, SuccessMessage } from "@/components/ui/feedback";
import { buttonSecondary, inputClass, labelClass } from "@/components/ui/styles";
import { runMutation } from "@/lib/graphql/client-fetch";
import { RenewStatusPageFeedTokenMutation } from "@/lib/graphql/operations/status-page";
import { feedLinks } from "@/lib/status/feed-link";

export function StatusPageFeedLink({
  workspaceId,
  path,
  token,
}: Readonly<{ workspaceId: string; path: string; token: string | null }>) {
  const router = useRouter();
  const state = useFormState();
  // The deployment's address as this browser reaches it (the page's custom domain takes the same token).
  const [origin, setOrigin] = useState("");
  useEffect(() => setOrigin(window.location.origin), []);

  async function renew() {
    state.begin();
    const outcome = await runMutation(
      RenewStatusPageFeedTokenMutation,
      { input: { workspaceId } },
      (d) => d.renewStatusPageFeedToken,
    );
    if (!outcome.ok) return state.fail(outcome);
    state.succeed("New link made: the old one no longer opens the feed.");
    router.refresh();
  }

  const links = token ? feedLinks(`${origin}${path}`, token) : null;
  return (
    <Card title="Feed link">
      <div className="flex flex-col gap-4">
        <p className="text-sm text-muted">
          Feed readers cannot enter a password: give them this link instead. Anyone who has it can read the
          page's status.json and feed, so share it like the password. On the page's custom domain,{" "}
          <code>/feed.atom?token=…</code> and <code>/status.json?token=…</code> take the same token. A new
          password makes a new link.
        </p>
        {links ? (
          <>
            <label className={labelClass}>
              Atom feed
              <input className={inputClass} readOnly value={links.atom} onFocus={(e) => e.target.select()} />
            </label>
            <label className={labelClass}>
              status.json
              <input className={inputClass} readOnly value={links.json} onFocus={(e) => e.target.select()} />
            </label>
          </>
        ) : (
          <p className="text-sm text-muted">No feed link yet.</p>
        )}
        {state.error && <ErrorMessage>{state.error}</ErrorMessage>}
        {state.done && <SuccessMessage>{state.done}</SuccessMessage>}
        <button
          type="button"
          onClick={renew}
          disabled={state.busy}
          className={`${buttonSecondary} self-start`}
        >
          New link
        </button>
      </div>
    </Card>
  );
}
