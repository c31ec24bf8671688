"use client";

import { type FormEvent, useId, useState } from "react";
import { ErrorMessage } from "@/components/ui/feedback";
import { Field } from "@/components/ui/field";
import { buttonPrimary, buttonSecondary } from "@/components/ui/styles";
import { runMutation } from "@/lib/graphql/client-fetch";
import { UpdateAlertChannelMutation } from "@/lib/graphql/operations/alerts";
import { type FieldProblem, fieldMessage } from "@/lib/graphql/outcome";
import { placeRefusal } from "@/lib/graphql/refusal";
import { SettingField } from "./alert-channel-fields";
import {
  type AlertChannelRow,
  channelEdit,
  initialValue,
  KEPT_PLACEHOLDER,
  secretHint,
} from "./channel-edit";
import type { ChannelFormField } from "./channel-kinds";
import { kindOf } from "./channel-kinds";

/** Under a secret field of the edit form: what is stored (its hint), and for the signing secret what a new one does. */
function keptHint(field: ChannelFormField, hint: string | undefined): string {
  const stored = hint ? `Stored: ${hint}` : "Not set";
  return field.name === "signingSecret"
    ? `${stored}. A new one signs from the next message on: give it to your receiver first.`
    : stored;
}

/**
 * A channel's name, sharing and settings, edited in place in its row. Plain settings start as stored;
 * secrets start empty and are kept unless a new value is typed (the API never returns them). The kind
 * cannot change. Only what changed is sent; the API's answer is shown per field, the input kept.
 */
export function EditChannelForm({
  channel,
  onSaved,
  onCancel,
  onBusy,
}: Readonly<{
  channel: AlertChannelRow;
  /** Called with a short note for the row: what was saved, or that nothing changed. */
  onSaved: (note: string) => void;
  onCancel: () => void;
  /** While a save is on its way: the row's other actions (and switching to another form) wait for it. */
  onBusy: (busy: boolean) => void;
}>) {
  const id = useId();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [fields, setFields] = useState<readonly FieldProblem[]>([]);
  const kind = kindOf(channel.kind);
  const sharingError = fieldMessage(fields, "sharedWithCustomers");

  async function save(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const input = channelEdit(
      channel,
      (field) => String(form.get(field) ?? ""),
      form.get("sharedWithCustomers") === "on",
    );
    if (!input) return onSaved("Nothing changed");
    setBusy(true);
    onBusy(true);
    setError(null);
    setFields([]);
    const outcome = await runMutation(UpdateAlertChannelMutation, { input }, (d) => d.updateAlertChannel);
    setBusy(false);
    onBusy(false);
    if (!outcome.ok) {
      // Each problem on its field (a taken name on the name); the form's line names only the rest.
      const shown = ["name", "sharedWithCustomers", ...(kind?.fields ?? []).map((f) => f.name)];
      const placed = placeRefusal(outcome, shown);
      setFields(placed.fieldErrors);
      return setError(placed.message);
    }
    onSaved(`Saved “${outcome.value.channel.name}”`);
  }

  return (
    <form
      onSubmit={save}
      aria-label={`Edit ${channel.name}`}
      className="flex flex-col gap-4 rounded-theme border border-muted/20 bg-background/50 p-4"
    >
      <div className="grid gap-4 sm:grid-cols-2">
        <Field
          id={`${id}-name`}
          label="Channel name"
          name="name"
          required
          maxLength={80}
          defaultValue={channel.name}
          error={fieldMessage(fields, "name")}
        />
        <div className="flex flex-col gap-1.5 text-sm">
          <span className="font-medium">Kind</span>
          <span className="py-2">{kind?.label ?? channel.kind}</span>
          <span className="text-xs text-muted">
            A channel's kind cannot be changed: add a channel of the other kind, then delete this one.
          </span>
        </div>
      </div>
      <div className="grid gap-4 sm:grid-cols-2">
        {(kind?.fields ?? []).map((field) =>
          field.secret ? (
            <SettingField
              key={field.name}
              id={`${id}-${field.name}`}
              field={field}
              required={false}
              placeholder={KEPT_PLACEHOLDER}
              hint={keptHint(field, secretHint(channel, field.name))}
              error={fieldMessage(fields, field.name)}
            />
          ) : (
            <SettingField
              key={field.name}
              id={`${id}-${field.name}`}
              field={field}
              defaultValue={initialValue(field, channel.settings)}
              error={fieldMessage(fields, field.name)}
            />
          ),
        )}
      </div>
      <div className="flex flex-col gap-1 text-sm">
        <label className="flex items-center gap-2">
          <input
            type="checkbox"
            name="sharedWithCustomers"
            defaultChecked={channel.sharedWithCustomers}
            aria-invalid={sharingError ? true : undefined}
            aria-describedby={sharingError ? `${id}-sharing-error` : undefined}
            className="accent-primary"
          />
          Also alert on incidents of this workspace's customer workspaces (MSP)
        </label>
        {sharingError && (
          <span id={`${id}-sharing-error`} className="text-xs text-danger">
            {sharingError}
          </span>
        )}
      </div>
      {error && <ErrorMessage>{error}</ErrorMessage>}
      <div className="flex flex-wrap gap-2">
        <button type="submit" disabled={busy} className={buttonPrimary}>
          {busy ? "Saving…" : "Save changes"}
        </button>
        <button type="button" disabled={busy} className={buttonSecondary} onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
