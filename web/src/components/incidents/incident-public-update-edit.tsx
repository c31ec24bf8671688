"use client";

// Editing one of the incident's status page updates in place (workspace:update): its status and message,
// validated as a post. The page then shows it as edited. An edit e-mails nobody again: a mailing not
// sent yet goes with the edited words, one that went stays as it was (a typo fix is no news).
import { useRouter } from "next/navigation";
import { type FormEvent, useState } from "react";
import { useFormState } from "@/components/forms/use-form-state";
import { ErrorMessage } from "@/components/ui/feedback";
import { SelectField } from "@/components/ui/select-field";
import { buttonPrimary, buttonSecondary } from "@/components/ui/styles";
import { TextAreaField } from "@/components/ui/textarea-field";
import { runMutation } from "@/lib/graphql/client-fetch";
import type { IncidentUpdateStatus } from "@/lib/graphql/generated/graphql";
import { EditIncidentUpdateMutation } from "@/lib/graphql/operations/incidents";
import { fieldMessage } from "@/lib/graphql/outcome";
import { UPDATE_MESSAGE_MAX, UPDATE_STATUS_LABEL, UPDATE_STATUSES } from "@/lib/incidents/public-updates";

export function IncidentPublicUpdateEdit({
  update,
  onDone,
}: Readonly<{
  update: { id: string; status: IncidentUpdateStatus; message: string };
  /** Closes the form (saved, or cancelled). */
  onDone: () => void;
}>) {
  const router = useRouter();
  const state = useFormState();
  const [status, setStatus] = useState<IncidentUpdateStatus>(update.status);

  async function save(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const message = String(new FormData(event.currentTarget).get("message") ?? "").trim();
    if (message === "")
      return state.invalid([{ path: "message", message: "Write what readers should know" }]);
    state.begin();
    const outcome = await runMutation(
      EditIncidentUpdateMutation,
      { input: { updateId: update.id, status, message } },
      (d) => d.editIncidentUpdate,
    );
    if (!outcome.ok) return state.fail(outcome, ["message", "status"]);
    state.succeed("Saved.");
    onDone();
    router.refresh();
  }

  return (
    <form
      onSubmit={save}
      className="flex w-full flex-col gap-3"
      noValidate
      data-testid="incident-update-edit"
    >
      <SelectField
        label="Status"
        name="status"
        value={status}
        onChange={(e) => setStatus(e.target.value as IncidentUpdateStatus)}
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
        defaultValue={update.message}
        hint="Shown as edited on the public page. Nobody is e-mailed again."
        error={fieldMessage(state.fields, "message")}
      />
      {state.error && <ErrorMessage>{state.error}</ErrorMessage>}
      <span className="flex gap-2">
        <button type="submit" disabled={state.busy} className={buttonPrimary}>
          {state.busy ? "Saving…" : "Save"}
        </button>
        <button type="button" onClick={onDone} className={buttonSecondary}>
          Cancel
        </button>
      </span>
    </form>
  );
}
