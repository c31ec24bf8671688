"use client";

import { useRouter } from "next/navigation";
import { type FormEvent, useState } from "react";
import { CodeBlock } from "@/components/setup/copy-button";
import { Card } from "@/components/ui/card";
import { ErrorMessage, SuccessMessage } from "@/components/ui/feedback";
import { Field } from "@/components/ui/field";
import { SelectField } from "@/components/ui/select-field";
import { buttonPrimary } from "@/components/ui/styles";
import { runMutation } from "@/lib/graphql/client-fetch";
import { CreateAlertChannelMutation } from "@/lib/graphql/operations/alerts";
import { type FieldProblem, fieldMessage } from "@/lib/graphql/outcome";
import { placeRefusal } from "@/lib/graphql/refusal";
import { SettingField, SigningSecretField } from "./alert-channel-fields";
import { CHANNEL_KINDS, type ChannelKind, channelSettings, kindOf } from "./channel-kinds";

/** The channel just created, and its signing secret (webhooks) shown once more to copy. */
export interface CreatedChannel {
  name: string;
  signingSecret: string;
}

/**
 * A form to add a channel: fields by kind (channel-kinds.ts); secrets are sent once and only their
 * hints come back. `created` is kept by the list, which forgets it when that channel is deleted.
 */
export function NewChannelForm({
  workspaceId,
  created,
  onCreated,
}: Readonly<{
  workspaceId: string;
  created: CreatedChannel | null;
  onCreated: (created: CreatedChannel | null) => void;
}>) {
  const router = useRouter();
  const [kind, setKind] = useState<ChannelKind>("WEBHOOK");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [fields, setFields] = useState<readonly FieldProblem[]>([]);
  const [signingSecret, setSigningSecret] = useState("");

  async function create(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formElement = event.currentTarget;
    const form = new FormData(formElement);
    setBusy(true);
    setError(null);
    setFields([]);
    onCreated(null);
    const name = String(form.get("name") ?? "").trim();
    const outcome = await runMutation(
      CreateAlertChannelMutation,
      {
        input: {
          workspaceId,
          name,
          kind,
          settings: channelSettings(kind, (field) => String(form.get(field) ?? "")),
          sharedWithCustomers: form.get("sharedWithCustomers") === "on",
        },
      },
      (d) => d.createAlertChannel,
    );
    setBusy(false);
    if (!outcome.ok) {
      // A name taken by another channel of the workspace (CONFLICT) is marked on the name.
      const placed = placeRefusal(outcome, [
        "name",
        "kind",
        ...(kindOf(kind)?.fields ?? []).map((f) => f.name),
      ]);
      setFields(placed.fieldErrors);
      return setError(placed.message);
    }
    // The secret is not shown again anywhere: it stays on the page once more, to copy.
    onCreated({ name: outcome.value.channel.name, signingSecret: kind === "WEBHOOK" ? signingSecret : "" });
    setSigningSecret("");
    formElement.reset();
    router.refresh();
  }

  const formFields = kindOf(kind)?.fields ?? [];
  return (
    <Card title="New channel">
      <form onSubmit={create} aria-label="New channel" className="flex flex-col gap-4">
        <div className="grid gap-4 sm:grid-cols-2">
          <Field
            label="Channel name"
            name="name"
            required
            maxLength={80}
            placeholder="NOC on-call, #ddos-alerts, …"
            error={fieldMessage(fields, "name")}
          />
          <SelectField
            label="Kind"
            name="kind"
            value={kind}
            error={fieldMessage(fields, "kind")}
            onChange={(e) => {
              setKind(e.target.value as ChannelKind);
              setFields([]);
              setError(null);
            }}
          >
            {CHANNEL_KINDS.map((k) => (
              <option key={k.kind} value={k.kind}>
                {k.label}
              </option>
            ))}
          </SelectField>
        </div>
        <div className="grid gap-4 sm:grid-cols-2">
          {formFields.map((field) =>
            field.name === "signingSecret" ? (
              <SigningSecretField
                key={`${kind}-${field.name}`}
                field={field}
                value={signingSecret}
                onChange={setSigningSecret}
                error={fieldMessage(fields, field.name)}
              />
            ) : (
              <SettingField
                key={`${kind}-${field.name}`}
                field={field}
                error={fieldMessage(fields, field.name)}
              />
            ),
          )}
        </div>
        <label className="flex items-center gap-2 text-sm">
          <input type="checkbox" name="sharedWithCustomers" className="accent-primary" />
          Also alert on incidents of this workspace's customer workspaces (MSP)
        </label>
        {error && <ErrorMessage>{error}</ErrorMessage>}
        {created && (
          <SuccessMessage>Channel “{created.name}” created. Send it a test from the list.</SuccessMessage>
        )}
        {created?.signingSecret && (
          <CodeBlock
            label="Its signing secret, for your receiver: not shown again"
            code={created.signingSecret}
          />
        )}
        <button type="submit" disabled={busy} className={`${buttonPrimary} self-start`}>
          {busy ? "Creating…" : "Create channel"}
        </button>
      </form>
    </Card>
  );
}
