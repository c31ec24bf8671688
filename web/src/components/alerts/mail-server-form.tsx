"use client";

import { useRouter } from "next/navigation";
import type { FormEvent } from "react";
import { useFormState } from "@/components/forms/use-form-state";
import { Card } from "@/components/ui/card";
import { ErrorMessage, SuccessMessage } from "@/components/ui/feedback";
import { Field } from "@/components/ui/field";
import { SelectField } from "@/components/ui/select-field";
import { buttonPrimary, buttonSecondary } from "@/components/ui/styles";
import { MAIL_ROUTE_TEXT } from "@/lib/alerts/mail-route";
import { runMutation } from "@/lib/graphql/client-fetch";
import type { MailRoute, MailSecurity } from "@/lib/graphql/generated/graphql";
import {
  ClearWorkspaceMailServerMutation,
  SetWorkspaceMailServerMutation,
} from "@/lib/graphql/operations/alerts";
import { fieldMessage } from "@/lib/graphql/outcome";

interface MailServer {
  host: string;
  port: number;
  security: MailSecurity;
  username?: string | null;
  passwordSet: boolean;
  fromAddress: string;
}

const DEFAULT_PORT: Record<MailSecurity, number> = { TLS: 465, STARTTLS: 587, NONE: 25 };
const FIELDS = ["host", "port", "security", "username", "password", "fromAddress"];

/**
 * The workspace's own SMTP relay (setWorkspaceMailServer). The stored password is never shown: left
 * empty it is kept for the very same server (host, port, security, username), else dropped.
 */
export function MailServerForm({
  workspaceId,
  route,
  server,
  canManage,
}: Readonly<{ workspaceId: string; route: MailRoute; server: MailServer | null; canManage: boolean }>) {
  const router = useRouter();
  const state = useFormState();

  async function save(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const text = (name: string) => String(form.get(name) ?? "").trim();
    const security = text("security") as MailSecurity;
    const port = Number(text("port") || DEFAULT_PORT[security]);
    const password = String(form.get("password") ?? "");
    // Typed: the new one. Removed: none. Else left out: the API keeps the stored one for the same server.
    const passwordInput = password ? { password } : form.get("removePassword") ? { password: null } : {};
    state.begin();
    const outcome = await runMutation(
      SetWorkspaceMailServerMutation,
      {
        input: {
          workspaceId,
          host: text("host"),
          port,
          security,
          username: text("username") || null,
          ...passwordInput,
          fromAddress: text("fromAddress"),
        },
      },
      (d) => d.setWorkspaceMailServer,
    );
    if (!outcome.ok) return state.fail(outcome, FIELDS);
    state.succeed("Saved. Send a test from an e-mail channel to check it.");
    router.refresh();
  }

  async function remove() {
    if (
      !window.confirm(
        "Remove this mail server? E-mail goes through the MSP's or the platform's again, if any.",
      )
    )
      return;
    state.begin();
    const outcome = await runMutation(
      ClearWorkspaceMailServerMutation,
      { input: { workspaceId } },
      (d) => d.clearWorkspaceMailServer,
    );
    if (!outcome.ok) return state.fail(outcome);
    state.succeed("Removed.");
    router.refresh();
  }

  return (
    <Card title="Mail server">
      <p className="mb-4 text-sm text-muted" data-testid="mail-route">
        {MAIL_ROUTE_TEXT[route]}
      </p>
      {!canManage ? (
        server && (
          <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-sm">
            <dt className="text-muted">Server</dt>
            <dd className="font-mono">
              {server.host}:{server.port} ({server.security})
            </dd>
            <dt className="text-muted">From</dt>
            <dd className="font-mono">{server.fromAddress}</dd>
          </dl>
        )
      ) : (
        <form onSubmit={save} noValidate aria-label="Mail server" className="flex flex-col gap-4">
          <div className="grid gap-4 sm:grid-cols-2">
            <Field
              label="SMTP host"
              name="host"
              required
              defaultValue={server?.host ?? ""}
              placeholder="smtp.example.com"
              error={fieldMessage(state.fields, "host")}
            />
            <SelectField
              label="Security"
              name="security"
              defaultValue={server?.security ?? "STARTTLS"}
              error={fieldMessage(state.fields, "security")}
            >
              <option value="STARTTLS">STARTTLS (587)</option>
              <option value="TLS">TLS (465)</option>
              <option value="NONE">None (25, no password)</option>
            </SelectField>
            <Field
              label="Port"
              name="port"
              type="number"
              min={1}
              max={65535}
              defaultValue={server?.port ?? ""}
              placeholder="the security's usual port"
              error={fieldMessage(state.fields, "port")}
            />
            <Field
              label="From address"
              name="fromAddress"
              type="email"
              required
              defaultValue={server?.fromAddress ?? ""}
              placeholder="alerts@example.com"
              error={fieldMessage(state.fields, "fromAddress")}
            />
            <Field
              label="Username"
              name="username"
              autoComplete="off"
              defaultValue={server?.username ?? ""}
              error={fieldMessage(state.fields, "username")}
            />
            <Field
              label="Password"
              name="password"
              type="password"
              autoComplete="new-password"
              placeholder={server?.passwordSet ? "stored: leave empty to keep" : ""}
              hint="A stored password is kept only while the host, port, security and username stay the same."
              error={fieldMessage(state.fields, "password")}
            />
          </div>
          {server?.passwordSet && (
            <label className="flex items-center gap-2 text-sm">
              <input type="checkbox" name="removePassword" />
              Remove the stored password
            </label>
          )}
          {state.error && <ErrorMessage>{state.error}</ErrorMessage>}
          {state.done && <SuccessMessage>{state.done}</SuccessMessage>}
          <div className="flex flex-wrap gap-2">
            <button type="submit" disabled={state.busy} className={buttonPrimary}>
              {state.busy ? "Saving…" : "Save mail server"}
            </button>
            {server && (
              <button type="button" onClick={remove} disabled={state.busy} className={buttonSecondary}>
                Remove
              </button>
            )}
          </div>
        </form>
      )}
    </Card>
  );
}
