"use client";

import { useRouter } from "next/navigation";
import { type FormEvent, useState } from "react";
import { CodeBlock } from "@/components/setup/copy-button";
import { Card } from "@/components/ui/card";
import { EmptyState, ErrorMessage, SuccessMessage } from "@/components/ui/feedback";
import { Field } from "@/components/ui/field";
import { SelectField } from "@/components/ui/select-field";
import { buttonDanger, buttonPrimary, buttonSecondary, tableClass, tdClass } from "@/components/ui/styles";
import { TableHead } from "@/components/ui/table-head";
import { TextAreaField } from "@/components/ui/textarea-field";
import { runMutation } from "@/lib/graphql/client-fetch";
import {
  CreateAlertChannelMutation,
  DeleteAlertChannelMutation,
  TestAlertChannelMutation,
  UpdateAlertChannelMutation,
} from "@/lib/graphql/operations/alerts";
import { type FieldProblem, fieldMessage } from "@/lib/graphql/outcome";
import {
  CHANNEL_KINDS,
  type ChannelFormField,
  type ChannelKind,
  channelSettings,
  kindOf,
  newSigningSecret,
} from "./channel-kinds";

interface Channel {
  id: string;
  name: string;
  kind: string;
  enabled: boolean;
  sharedWithCustomers: boolean;
  /** Non-secret settings (chat id, numbers, addresses). */
  settings: unknown;
  secrets: readonly { field: string; hint: string }[];
}

/** A channel's settings in a line, by the form's labels: the plain ones as they are, secrets by their hints. */
function settingsLine(channel: Channel): string {
  const fields = kindOf(channel.kind)?.fields ?? [];
  const label = (name: string) => fields.find((f) => f.name === name)?.label ?? name;
  const plain =
    channel.settings && typeof channel.settings === "object"
      ? Object.entries(channel.settings as Record<string, unknown>).map(
          ([name, value]) => `${label(name)}: ${Array.isArray(value) ? value.join(", ") : String(value)}`,
        )
      : [];
  return [...plain, ...channel.secrets.map((s) => `${label(s.field)} (${s.hint})`)].join(" · ") || "—";
}

/** How the last test of a channel went (shown in its row until the page is left). */
type TestResult = { ok: boolean; text: string };

/**
 * The workspace's alert channels: a form to add one (fields by kind; secrets are sent once and
 * only their hints come back), and per channel a test message, enable/disable and delete.
 */
export function AlertChannels({
  workspaceId,
  channels,
  canManage,
}: Readonly<{ workspaceId: string; channels: readonly Channel[]; canManage: boolean }>) {
  const router = useRouter();
  const [kind, setKind] = useState<ChannelKind>("WEBHOOK");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [fields, setFields] = useState<readonly FieldProblem[]>([]);
  const [created, setCreated] = useState<{ name: string; signingSecret: string } | null>(null);
  const [signingSecret, setSigningSecret] = useState("");
  const [tests, setTests] = useState<Record<string, TestResult | "sending">>({});
  const [rowError, setRowError] = useState<string | null>(null);
  /** Channels whose change (enable, disable, delete) is on its way: their buttons wait. */
  const [changing, setChanging] = useState<ReadonlySet<string>>(new Set());
  const changeStarts = (id: string) => setChanging((ids) => new Set(ids).add(id));
  const changeEnds = (id: string) =>
    setChanging((ids) => {
      const left = new Set(ids);
      left.delete(id);
      return left;
    });
  /** A test's result no longer says anything about a channel changed or gone. */
  const forgetTest = (id: string) =>
    setTests((t) => {
      const { [id]: _, ...rest } = t;
      return rest;
    });

  async function create(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formElement = event.currentTarget;
    const form = new FormData(formElement);
    setBusy(true);
    setError(null);
    setFields([]);
    setCreated(null);
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
      // A name taken by another channel of the workspace: marked on the name.
      setFields(
        outcome.code === "CONFLICT" ? [{ path: "name", message: outcome.message }] : outcome.fieldErrors,
      );
      return setError(outcome.message);
    }
    // The secret is not shown again anywhere: it stays on the page once more, to copy.
    setCreated({ name: outcome.value.channel.name, signingSecret: kind === "WEBHOOK" ? signingSecret : "" });
    setSigningSecret("");
    formElement.reset();
    router.refresh();
  }

  async function sendTest(channel: Channel) {
    setTests((t) => ({ ...t, [channel.id]: "sending" }));
    const outcome = await runMutation(
      TestAlertChannelMutation,
      { input: { channelId: channel.id } },
      (d) => d.testAlertChannel,
    );
    let result: TestResult;
    if (!outcome.ok) result = { ok: false, text: outcome.message };
    else {
      const { ok, httpStatus, latencyMs, error: failure } = outcome.value;
      const status = httpStatus ? `HTTP ${httpStatus}` : "";
      // The API's error already names the HTTP status when there was one.
      result = ok
        ? { ok, text: `Delivered${status ? ` (${status})` : ""} in ${latencyMs} ms` }
        : { ok, text: `Failed: ${failure || status || "no answer"}` };
    }
    setTests((t) => ({ ...t, [channel.id]: result }));
  }

  async function setEnabled(channel: Channel, enabled: boolean) {
    setRowError(null);
    changeStarts(channel.id);
    const outcome = await runMutation(
      UpdateAlertChannelMutation,
      { input: { channelId: channel.id, enabled } },
      (d) => d.updateAlertChannel,
    );
    changeEnds(channel.id);
    if (!outcome.ok) return setRowError(`${channel.name}: ${outcome.message}`);
    forgetTest(channel.id);
    router.refresh();
  }

  async function remove(channel: Channel) {
    if (!window.confirm(`Delete the channel “${channel.name}”? Its delivery history goes with it.`)) return;
    setRowError(null);
    changeStarts(channel.id);
    const outcome = await runMutation(
      DeleteAlertChannelMutation,
      { input: { channelId: channel.id } },
      (d) => d.deleteAlertChannel,
    );
    changeEnds(channel.id);
    if (!outcome.ok) return setRowError(`${channel.name}: ${outcome.message}`);
    forgetTest(channel.id);
    if (created?.name === channel.name) setCreated(null);
    router.refresh();
  }

  const formFields = kindOf(kind)?.fields ?? [];
  return (
    <div className="flex flex-col gap-6">
      <Card title="Channels">
        {channels.length === 0 ? (
          <EmptyState title="No alert channels">
            {canManage
              ? "Add one below. Incidents are announced on enabled channels (by the escalation policy that matches, if any) as they open, change and resolve."
              : "An owner or admin of this workspace adds them."}
          </EmptyState>
        ) : (
          <div className="overflow-x-auto">
            <table className={tableClass}>
              <TableHead columns={["Channel", "Kind", "State", "Settings", ""]} />
              <tbody>
                {channels.map((c) => {
                  const test = tests[c.id];
                  return (
                    <tr key={c.id} data-testid="alert-channel">
                      <td className={`${tdClass} font-medium`}>{c.name}</td>
                      <td className={tdClass}>{kindOf(c.kind)?.label ?? c.kind}</td>
                      <td className={tdClass}>
                        {c.enabled ? "Enabled" : "Disabled"}
                        {c.sharedWithCustomers && " · shared with customers"}
                      </td>
                      <td className={`${tdClass} text-xs text-muted`}>{settingsLine(c)}</td>
                      <td className={tdClass}>
                        {canManage && (
                          <div className="flex flex-wrap items-center gap-2">
                            <button
                              type="button"
                              className={buttonSecondary}
                              disabled={test === "sending"}
                              onClick={() => sendTest(c)}
                            >
                              {test === "sending" ? "Sending…" : "Send test"}
                              <span className="sr-only"> to {c.name}</span>
                            </button>
                            <button
                              type="button"
                              className={buttonSecondary}
                              disabled={changing.has(c.id)}
                              onClick={() => setEnabled(c, !c.enabled)}
                            >
                              {c.enabled ? "Disable" : "Enable"}
                              <span className="sr-only"> {c.name}</span>
                            </button>
                            <button
                              type="button"
                              className={buttonDanger}
                              disabled={changing.has(c.id)}
                              onClick={() => remove(c)}
                            >
                              Delete<span className="sr-only"> {c.name}</span>
                            </button>
                          </div>
                        )}
                        {/* Present from the start, so screen readers announce what comes into it. */}
                        <p
                          role="status"
                          className={`mt-1 text-xs ${test && test !== "sending" && !test.ok ? "text-danger" : "text-success"}`}
                        >
                          {test && test !== "sending" ? test.text : ""}
                        </p>
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        )}
        {rowError && (
          <div className="mt-3">
            <ErrorMessage>{rowError}</ErrorMessage>
          </div>
        )}
      </Card>
      {canManage && (
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
      )}
    </div>
  );
}

function SettingField({ field, error }: Readonly<{ field: ChannelFormField; error: string | undefined }>) {
  if (field.type === "emails")
    return (
      <div className="sm:col-span-2">
        <TextAreaField
          label={field.label}
          name={field.name}
          required={field.required}
          rows={2}
          placeholder={field.placeholder}
          hint={field.hint}
          error={error}
        />
      </div>
    );
  return (
    <Field
      label={field.label}
      name={field.name}
      // Secrets are text inputs masked by CSS, not password inputs: a browser takes a name field
      // followed by a password field for a sign-in or sign-up form, offers to generate or save a
      // "password", and ignores autocomplete="off" on password inputs.
      type={field.type === "secret" ? "text" : field.type}
      className={field.type === "secret" ? "[-webkit-text-security:disc]" : undefined}
      required={field.required}
      autoComplete={field.type === "secret" ? "off" : undefined}
      spellCheck={field.type === "secret" ? false : undefined}
      placeholder={field.placeholder}
      hint={field.hint}
      error={error}
    />
  );
}

/** The webhook's signing secret, typed in or generated here (in the browser; sent once, like any secret). */
function SigningSecretField({
  field,
  value,
  onChange,
  error,
}: Readonly<{
  field: ChannelFormField;
  value: string;
  onChange: (v: string) => void;
  error: string | undefined;
}>) {
  return (
    <div className="flex flex-col gap-1.5">
      <Field
        label={field.label}
        name={field.name}
        type="text"
        required={field.required}
        autoComplete="off"
        spellCheck={false}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        hint={
          value
            ? "Copy it to your receiver: it is shown once more after saving, then never again."
            : field.hint
        }
        error={error}
      />
      <button
        type="button"
        className={`${buttonSecondary} self-start`}
        onClick={() => onChange(newSigningSecret((bytes) => crypto.getRandomValues(bytes)))}
      >
        Generate a secret
      </button>
    </div>
  );
}
