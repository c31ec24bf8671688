"use client";

import { INTEGRATION_SCOPES } from "@levee/shared/auth/integration-scopes";
import { useRouter } from "next/navigation";
import { type FormEvent, useState } from "react";
import { Card } from "@/components/ui/card";
import { EmptyState, ErrorMessage } from "@/components/ui/feedback";
import { Field } from "@/components/ui/field";
import { SelectField } from "@/components/ui/select-field";
import {
  buttonDanger,
  buttonPrimary,
  tableBoxClass,
  tableClass,
  tdClass,
  thClass,
} from "@/components/ui/styles";
import { TableHead } from "@/components/ui/table-head";
import { TimeAgo } from "@/components/ui/time-ago";
import { formatTime } from "@/lib/format/units";
import { runMutation } from "@/lib/graphql/client-fetch";
import { CreateApiKeyMutation, RevokeApiKeyMutation } from "@/lib/graphql/operations/setup";
import { type FieldProblem, fieldMessage } from "@/lib/graphql/outcome";
import { placeRefusal } from "@/lib/graphql/refusal";
import { EXPIRY_PRESETS, expiryFromForm, expiryLabel } from "./api-key-expiry";
import { CodeBlock } from "./copy-button";

interface Key {
  id: string;
  name: string;
  kind: string;
  prefix: string;
  scopes: readonly string[];
  createdAt: string;
  lastUsedAt?: string | null;
  expiresAt?: string | null;
  node?: { name: string } | null;
}

export function ApiKeys({
  workspaceId,
  keys,
  canManage,
}: Readonly<{ workspaceId: string; keys: readonly Key[]; canManage: boolean }>) {
  const router = useRouter();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [fields, setFields] = useState<readonly FieldProblem[]>([]);
  const [secret, setSecret] = useState<string | null>(null);
  const [expiry, setExpiry] = useState<string>("never");

  async function create(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    // Held now: React clears currentTarget once the handler awaits.
    const formElement = event.currentTarget;
    const form = new FormData(formElement);
    const scopes = form.getAll("scopes").map(String);
    const name = String(form.get("name") ?? "").trim();
    if (scopes.length === 0) return setFields([{ path: "scopes", message: "Choose at least one scope" }]);
    const expires = expiryFromForm(
      String(form.get("expiry") ?? ""),
      String(form.get("expiryDate") ?? ""),
      new Date(),
    );
    if (!expires.ok) return setFields([{ path: expires.path, message: expires.message }]);
    setBusy(true);
    setError(null);
    setFields([]);
    const outcome = await runMutation(
      CreateApiKeyMutation,
      { input: { workspaceId, name, scopes, expiresAt: expires.expiresAt } },
      (d) => d.createApiKey,
    );
    setBusy(false);
    if (!outcome.ok) {
      const placed = placeRefusal(outcome, ["name", "scopes", "expiresAt"]);
      setFields(placed.fieldErrors);
      return setError(placed.message);
    }
    setSecret(outcome.value.secret);
    formElement.reset();
    setExpiry("never");
    router.refresh();
  }

  async function revoke(id: string, name: string) {
    if (!window.confirm(`Revoke “${name}”? Anything using it stops working at once.`)) return;
    const outcome = await runMutation(
      RevokeApiKeyMutation,
      { input: { apiKeyId: id } },
      (d) => d.revokeApiKey,
    );
    if (!outcome.ok) return setError(outcome.message);
    router.refresh();
  }

  return (
    <div className="flex flex-col gap-6">
      {canManage && (
        <Card title="New integration key">
          <form onSubmit={create} className="flex flex-col gap-4">
            <Field
              label="Name"
              name="name"
              required
              maxLength={100}
              placeholder="Grafana, ticketing, …"
              error={fieldMessage(fields, "name")}
            />
            <fieldset>
              <legend className="mb-2 text-sm font-medium">Scopes</legend>
              <div className="grid gap-2 sm:grid-cols-3">
                {INTEGRATION_SCOPES.map((scope) => (
                  <label key={scope} className="flex items-center gap-2 text-sm">
                    <input
                      type="checkbox"
                      name="scopes"
                      value={scope}
                      defaultChecked={scope.endsWith(":read")}
                      className="accent-primary"
                    />
                    <span className="font-mono text-xs">{scope}</span>
                  </label>
                ))}
              </div>
              {fieldMessage(fields, "scopes") && (
                <p className="mt-1 text-xs text-danger">{fieldMessage(fields, "scopes")}</p>
              )}
            </fieldset>
            <div className="grid gap-4 sm:grid-cols-2">
              <SelectField
                label="Expires"
                name="expiry"
                value={expiry}
                onChange={(e) => setExpiry(e.target.value)}
                error={expiry === "date" ? undefined : fieldMessage(fields, "expiresAt")}
                hint="Refused from then on; revoke it any time before."
              >
                {EXPIRY_PRESETS.map((preset) => (
                  <option key={preset.value} value={preset.value}>
                    {preset.label}
                  </option>
                ))}
              </SelectField>
              {expiry === "date" && (
                <Field
                  label="Expires on (works through that day)"
                  name="expiryDate"
                  type="date"
                  required
                  error={fieldMessage(fields, "expiresAt")}
                />
              )}
            </div>
            {error && <ErrorMessage>{error}</ErrorMessage>}
            <button type="submit" disabled={busy} className={`${buttonPrimary} self-start`}>
              {busy ? "Creating…" : "Create key"}
            </button>
          </form>
          {secret && (
            <div className="mt-5 flex flex-col gap-2">
              <p className="text-sm font-medium text-warning">Copy the key now: it is never shown again.</p>
              <CodeBlock label="Authorization: Bearer …" code={secret} />
            </div>
          )}
        </Card>
      )}
      <Card title="Keys">
        {keys.length === 0 ? (
          <EmptyState title="No keys">
            Agents get their own key when they enrol; integration keys appear here too.
          </EmptyState>
        ) : (
          <div className={tableBoxClass}>
            <table className={tableClass}>
              <TableHead
                columns={["Name", "Kind", "Prefix", "Scopes", "Created", "Expires", "Last used", ""]}
              />
              <tbody>
                {keys.map((k) => (
                  <tr key={k.id}>
                    <td className={`${tdClass} font-medium`}>{k.name}</td>
                    <td className={tdClass}>
                      {k.kind === "AGENT" ? `Agent${k.node ? ` · ${k.node.name}` : ""}` : "Integration"}
                    </td>
                    <td className={`${tdClass} font-mono text-xs`}>{k.prefix}…</td>
                    <td className={`${tdClass} font-mono text-xs`}>{k.scopes.join(" ")}</td>
                    <td className={`${tdClass} whitespace-nowrap`}>{formatTime(k.createdAt)}</td>
                    {/* An expired key is refused but not revoked: listed, so it says so. */}
                    <td className={`${tdClass} whitespace-nowrap`}>
                      {expiryLabel(k.expiresAt, Date.now())}
                      {k.expiresAt && ` ${formatTime(k.expiresAt)}`}
                    </td>
                    <td className={`${tdClass} whitespace-nowrap`}>
                      <TimeAgo iso={k.lastUsedAt} />
                    </td>
                    <td className={tdClass}>
                      {canManage && (
                        <button type="button" onClick={() => revoke(k.id, k.name)} className={buttonDanger}>
                          Revoke
                        </button>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Card>
    </div>
  );
}
