"use client";

// The incident page's "Status page updates" card: the operator's updates for the public status page, oldest
// first, and for whoever may edit the page (workspace:update) a form to post one (status, message, whether to
// e-mail the page's subscribers) and a way to edit (incident-public-update-edit.tsx) or delete one. Says where the page shows them, or why it does not.
import Link from "next/link";
import { useRouter } from "next/navigation";
import { type FormEvent, useState } from "react";
import { useFormState } from "@/components/forms/use-form-state";
import { IncidentPublicUpdateEdit } from "@/components/incidents/incident-public-update-edit";
import { Card } from "@/components/ui/card";
import { ErrorMessage, SuccessMessage } from "@/components/ui/feedback";
import { SelectField } from "@/components/ui/select-field";
import { buttonDanger, buttonPrimary, buttonSecondary, linkClass } from "@/components/ui/styles";
import { TextAreaField } from "@/components/ui/textarea-field";
import { formatTime } from "@/lib/format/units";
import { runMutation } from "@/lib/graphql/client-fetch";
import type { IncidentUpdateStatus, Role } from "@/lib/graphql/generated/graphql";
import { DeleteIncidentUpdateMutation, PostIncidentUpdateMutation } from "@/lib/graphql/operations/incidents";
import { fieldMessage } from "@/lib/graphql/outcome";
import {
  canPostUpdates,
  UPDATE_MESSAGE_MAX,
  UPDATE_STATUS_HINT,
  UPDATE_STATUS_LABEL,
  UPDATE_STATUSES,
} from "@/lib/incidents/public-updates";

interface Update {
  id: string;
  status: IncidentUpdateStatus;
  message: string;
  createdAt: string;
  editedAt?: string | null;
  authorName: string | null;
}

export function IncidentPublicUpdates({
  incidentId,
  workspaceSlug,
  statusPagePath,
  updates,
  role,
}: Readonly<{
  incidentId: string;
  workspaceSlug: string;
  /** Where the public page shows the incident; null while it does not. */
  statusPagePath: string | null;
  updates: readonly Update[];
  role: Role | null | undefined;
}>) {
  const router = useRouter();
  const state = useFormState();
  const [status, setStatus] = useState<IncidentUpdateStatus>("INVESTIGATING");
  const canPost = canPostUpdates(role);
  /** The update being edited in place, if any. */
  const [editing, setEditing] = useState<string | null>(null);

  async function post(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    // Held now: React clears currentTarget once the handler awaits.
    const formElement = event.currentTarget;
    const form = new FormData(formElement);
    const message = String(form.get("message") ?? "").trim();
    if (message === "")
      return state.invalid([{ path: "message", message: "Write what readers should know" }]);
    state.begin();
    const outcome = await runMutation(
      PostIncidentUpdateMutation,
      { input: { incidentId, status, message, notify: form.get("notify") === "on" } },
      (d) => d.postIncidentUpdate,
    );
    if (!outcome.ok) return state.fail(outcome, ["message", "status"]);
    state.succeed("Update posted.");
    formElement.reset();
    router.refresh();
  }

  async function remove(updateId: string) {
    state.begin();
    const outcome = await runMutation(
      DeleteIncidentUpdateMutation,
      { input: { updateId } },
      (d) => d.deleteIncidentUpdate,
    );
    if (!outcome.ok) return state.fail(outcome, ["message", "status"]);
    state.succeed("Update deleted.");
    router.refresh();
  }

  return (
    <Card title="Status page updates">
      <div className="flex flex-col gap-4" data-testid="incident-public-updates">
        <p className="text-sm text-muted" data-testid="incident-public-path">
          {statusPagePath ? (
            <>
              Shown on the public{" "}
              <a className={linkClass} href={statusPagePath} target="_blank" rel="noreferrer">
                incident page
              </a>
              , with its detection and resolution.
            </>
          ) : (
            <>
              Not on the public status page now (it is off or private, does not list this node, or the
              incident is older than its 7 days): updates are kept and shown once it is.{" "}
              <Link className={linkClass} href={`/w/${workspaceSlug}/settings/status-page`}>
                Status page settings
              </Link>
            </>
          )}
        </p>
        {updates.length === 0 ? (
          <p className="text-sm text-muted">No updates yet.</p>
        ) : (
          <ol className="flex flex-col gap-2">
            {updates.map((u) => (
              <li
                key={u.id}
                data-testid="incident-public-update"
                className="flex items-start justify-between gap-3 rounded-theme border border-muted/30 px-3 py-2 text-sm"
              >
                {editing === u.id ? (
                  <IncidentPublicUpdateEdit update={u} onDone={() => setEditing(null)} />
                ) : (
                  <span className="flex flex-col gap-1">
                    <span>
                      <span className="font-semibold">{UPDATE_STATUS_LABEL[u.status]}</span>{" "}
                      <span className="text-muted">
                        · {formatTime(u.createdAt)}
                        {u.authorName && ` · ${u.authorName}`}
                        {u.editedAt && ` · edited ${formatTime(u.editedAt)}`}
                      </span>
                    </span>
                    <span className="whitespace-pre-line break-words">{u.message}</span>
                  </span>
                )}
                {canPost && editing !== u.id && (
                  <span className="flex shrink-0 gap-2">
                    <button
                      type="button"
                      className={buttonSecondary}
                      onClick={() => setEditing(u.id)}
                      disabled={state.busy}
                      aria-label={`Edit the ${UPDATE_STATUS_LABEL[u.status]} update of ${formatTime(u.createdAt)}`}
                    >
                      Edit
                    </button>
                    <button
                      type="button"
                      className={buttonDanger}
                      onClick={() => remove(u.id)}
                      disabled={state.busy}
                      aria-label={`Delete the ${UPDATE_STATUS_LABEL[u.status]} update of ${formatTime(u.createdAt)}`}
                    >
                      Delete
                    </button>
                  </span>
                )}
              </li>
            ))}
          </ol>
        )}
        {canPost ? (
          <form onSubmit={post} className="flex flex-col gap-4" noValidate>
            <SelectField
              label="Status"
              name="status"
              value={status}
              onChange={(e) => setStatus(e.target.value as IncidentUpdateStatus)}
              hint={UPDATE_STATUS_HINT[status]}
              error={fieldMessage(state.fields, "status")}
            >
              {UPDATE_STATUSES.map((s) => (
                <option key={s} value={s}>
                  {UPDATE_STATUS_LABEL[s]}
                </option>
              ))}
            </SelectField>
            <TextAreaField
              label="Message"
              name="message"
              rows={4}
              required
              maxLength={UPDATE_MESSAGE_MAX}
              hint="Plain text, shown to everyone on the public page."
              error={fieldMessage(state.fields, "message")}
            />
            <label className="flex items-center gap-2 text-sm">
              <input type="checkbox" name="notify" defaultChecked className="h-4 w-4 accent-primary" />
              E-mail it to the page&apos;s subscribers
            </label>
            {state.error && <ErrorMessage>{state.error}</ErrorMessage>}
            {state.done && <SuccessMessage>{state.done}</SuccessMessage>}
            <button type="submit" disabled={state.busy} className={`${buttonPrimary} self-start`}>
              {state.busy ? "Posting…" : "Post update"}
            </button>
          </form>
        ) : (
          <p className="text-sm text-muted">Only owners and admins post updates to the status page.</p>
        )}
      </div>
    </Card>
  );
}
