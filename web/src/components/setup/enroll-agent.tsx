"use client";

import Link from "next/link";
import { type FormEvent, useState } from "react";
import { Card } from "@/components/ui/card";
import { ErrorMessage } from "@/components/ui/feedback";
import { buttonPrimary, inputClass, labelClass, linkClass } from "@/components/ui/styles";
import { formatTime } from "@/lib/format/units";
import { runMutation } from "@/lib/graphql/client-fetch";
import { NodeEventsSubscription } from "@/lib/graphql/operations/nodes";
import { CreateEnrollmentTokenMutation } from "@/lib/graphql/operations/setup";
import { useSubscription } from "@/lib/live/use-live";
import { enrolCommands } from "@/lib/setup/enrol-commands";
import { CodeBlock } from "./copy-button";

/** Creates a one-time enrolment token, shows the commands, and lists nodes as their agents enrol. */
export function EnrollAgent({
  workspaceId,
  slug,
  canCreateToken,
}: Readonly<{
  workspaceId: string;
  slug: string;
  /** enrollment:manage (ADMIN, OWNER): anyone else is told whom to ask, not offered a form the API refuses. */
  canCreateToken: boolean;
}>) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [token, setToken] = useState<{ token: string; expiresAt: string } | null>(null);
  const [arrived, setArrived] = useState<{ nodeId: string; name: string; kind: string }[]>([]);
  const liveError = useSubscription(NodeEventsSubscription, { workspaceId }, ({ nodeEvents: e }) => {
    if (e.kind === "ENROLLED" || e.kind === "CREATED" || e.kind === "STATUS_CHANGED")
      setArrived((list) => [
        { nodeId: e.nodeId, name: e.name, kind: e.kind },
        ...list.filter((n) => n.nodeId !== e.nodeId),
      ]);
  });

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const minutes = Number(new FormData(event.currentTarget).get("minutes"));
    setBusy(true);
    setError(null);
    const outcome = await runMutation(
      CreateEnrollmentTokenMutation,
      { input: { workspaceId, expiresInMinutes: minutes } },
      (data) => data.createEnrollmentToken,
    );
    setBusy(false);
    if (!outcome.ok) return setError(outcome.message);
    setToken({ token: outcome.value.token, expiresAt: outcome.value.enrollmentToken.expiresAt });
  }

  return (
    <div className="grid gap-6 xl:grid-cols-[minmax(0,3fr)_minmax(0,2fr)]">
      <Card title="1 · Create an enrolment token">
        {canCreateToken ? (
          <form onSubmit={onSubmit} className="flex flex-wrap items-end gap-3">
            <label className={labelClass}>
              Valid for
              <select name="minutes" defaultValue="60" className={inputClass}>
                <option value="15">15 minutes</option>
                <option value="60">1 hour</option>
                <option value="1440">1 day</option>
              </select>
            </label>
            <button type="submit" disabled={busy} className={buttonPrimary}>
              {busy ? "Creating…" : token ? "Create another token" : "Create token"}
            </button>
          </form>
        ) : (
          <p className="text-sm text-muted">
            Owners and admins of this workspace create enrolment tokens; ask one for a token, then run the
            commands it comes with on the server. New nodes show up here as they enrol.
          </p>
        )}
        {error && (
          <div className="mt-4">
            <ErrorMessage>{error}</ErrorMessage>
          </div>
        )}
        {token && (
          <div className="mt-5 flex flex-col gap-4">
            <p className="text-sm">
              The token works once and until {formatTime(token.expiresAt)}. It is shown only now.
            </p>
            <CodeBlock label="Enrolment token" code={token.token} />
            <h3 className="text-sm font-semibold">2 · Run on the server</h3>
            <CodeBlock label="shell" code={enrolCommands(window.location.origin, token.token)} />
          </div>
        )}
      </Card>
      <Card title="3 · Watch it arrive">
        {liveError && <ErrorMessage>Live updates refused: {liveError}</ErrorMessage>}
        {arrived.length === 0 ? (
          <p className="flex items-center gap-2 text-sm text-muted" role="status">
            <span aria-hidden className="h-2 w-2 animate-pulse rounded-full bg-primary" />
            Waiting for an agent to enrol…
          </p>
        ) : (
          <div role="status">
            <ul className="flex flex-col gap-2">
              {arrived.map((n) => (
                <li
                  key={n.nodeId}
                  className="flex items-center justify-between rounded-theme border border-success/40 bg-success/10 px-3 py-2 text-sm"
                >
                  <span>
                    <span className="font-semibold">{n.name}</span>{" "}
                    {n.kind === "STATUS_CHANGED" ? "is reporting" : "enrolled"}
                  </span>
                  <Link href={`/w/${slug}/nodes/${encodeURIComponent(n.nodeId)}`} className={linkClass}>
                    Open →
                  </Link>
                </li>
              ))}
            </ul>
          </div>
        )}
      </Card>
    </div>
  );
}
