"use client";

// The status page's settings: published or not, public or private, title, which nodes it lists under
// which names and in which order, and scheduled-maintenance notices.
import { useRouter } from "next/navigation";
import { type FormEvent, useState } from "react";
import { useFormState } from "@/components/forms/use-form-state";
import { NodePicker } from "@/components/nodes/node-picker";
import { Card } from "@/components/ui/card";
import { ErrorMessage, SuccessMessage } from "@/components/ui/feedback";
import { Field } from "@/components/ui/field";
import { buttonDanger, buttonPrimary, inputClass } from "@/components/ui/styles";
import { runMutation } from "@/lib/graphql/client-fetch";
import type { StatusPageSettingsQuery } from "@/lib/graphql/generated/graphql";
import {
  AddStatusPageNoticeMutation,
  DeleteStatusPageNoticeMutation,
  UpdateStatusPageMutation,
} from "@/lib/graphql/operations/status-page";
import { fieldMessage } from "@/lib/graphql/outcome";
import { listedNodes } from "@/lib/status/listed-nodes";
import { SUBSCRIBER_MAIL_TOPICS } from "@/lib/status/subscriber-scope";

type Settings = NonNullable<StatusPageSettingsQuery["workspace"]>["statusPage"];

/** One row of the listed nodes: the node (and whether it stays listed), its public name, its order. */
const listedRow = "grid grid-cols-[minmax(7rem,12rem)_1fr_5rem] items-center gap-2";

export function StatusPageSettings({
  workspaceId,
  settings,
  nodeNames,
  canEdit,
}: Readonly<{
  workspaceId: string;
  settings: Settings;
  /** The listed nodes' names, read by id (a node past any first page of the workspace's list too). */
  nodeNames: Readonly<Record<string, string>>;
  canEdit: boolean;
}>) {
  const router = useRouter();
  const page = useFormState();
  const notice = useFormState();
  const listed = new Map(settings.nodes.map((n) => [n.nodeId, n]));
  // The page's nodes, then those added here (found by search: a workspace may have thousands); each row
  // is ticked, named and ordered in the form, and an unticked row leaves the page when saved.
  const [nodes, setNodes] = useState(() =>
    settings.nodes.map((n) => ({ id: n.nodeId, name: nodeNames[n.nodeId] ?? "a removed node" })),
  );

  async function save(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formElement = event.currentTarget;
    const form = new FormData(formElement);
    const newPassword = String(form.get("accessPassword") ?? "");
    const chosen = listedNodes(nodes, (field) => {
      const value = form.get(field);
      return value === null ? null : String(value);
    });
    page.begin();
    if (chosen.nodes === null)
      return page.fail({
        message: `Give ${chosen.unnamed} a display name: the page shows it to everyone.`,
        fieldErrors: [],
      });
    const outcome = await runMutation(
      UpdateStatusPageMutation,
      {
        input: {
          workspaceId,
          enabled: form.get("enabled") === "on",
          public: form.get("public") === "on",
          title: String(form.get("title") ?? "").trim(),
          description: String(form.get("description") ?? "").trim(),
          allowSubscriptions: form.get("allowSubscriptions") === "on",
          // Absent: unchanged; null: removed; a value: the new password.
          ...(form.get("clearAccessPassword") === "on"
            ? { accessPassword: null }
            : newPassword
              ? { accessPassword: newPassword }
              : {}),
          nodes: chosen.nodes,
        },
      },
      (d) => d.updateStatusPage,
    );
    if (!outcome.ok) return page.fail(outcome, ["title", "description", "accessPassword"]);
    const passwordInput = formElement.elements.namedItem("accessPassword");
    if (passwordInput instanceof HTMLInputElement) passwordInput.value = "";
    // The rows left unticked are off the page now: off the form too (the refresh does not reset its state).
    const kept = new Set(chosen.nodes.map((n) => n.nodeId));
    setNodes((list) => list.filter((n) => kept.has(n.id)));
    page.succeed("Saved.");
    router.refresh();
  }

  async function addNotice(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    // Held now: React clears currentTarget once the handler awaits (the form kept its values).
    const formElement = event.currentTarget;
    const form = new FormData(formElement);
    const startsAt = new Date(String(form.get("startsAt")));
    const endsAt = new Date(String(form.get("endsAt")));
    if (Number.isNaN(startsAt.getTime()) || Number.isNaN(endsAt.getTime()))
      return notice.invalid([{ path: "startsAt", message: "Choose a start and an end" }]);
    notice.begin();
    const outcome = await runMutation(
      AddStatusPageNoticeMutation,
      {
        input: {
          workspaceId,
          startsAt: startsAt.toISOString(),
          endsAt: endsAt.toISOString(),
          message: String(form.get("message") ?? "").trim(),
        },
      },
      (d) => d.addStatusPageNotice,
    );
    if (!outcome.ok) return notice.fail(outcome, ["startsAt", "endsAt", "message"]);
    notice.succeed("Notice added.");
    formElement.reset();
    router.refresh();
  }

  async function deleteNotice(noticeId: string) {
    notice.begin();
    const outcome = await runMutation(
      DeleteStatusPageNoticeMutation,
      { input: { noticeId } },
      (d) => d.deleteStatusPageNotice,
    );
    if (!outcome.ok) return notice.fail(outcome, ["startsAt", "endsAt", "message"]);
    notice.succeed("Notice removed.");
    router.refresh();
  }

  const check = "h-4 w-4 accent-primary";
  return (
    <div className="grid gap-6 xl:grid-cols-2">
      <Card title="Page">
        {!canEdit && (
          <p className="mb-4 text-sm text-muted">
            Admins and owners change the status page and post its notices; you see its settings as they are.
          </p>
        )}
        <form onSubmit={save} className="flex flex-col gap-4" noValidate>
          <label className="flex items-center gap-2 text-sm font-medium">
            <input
              type="checkbox"
              name="enabled"
              defaultChecked={settings.enabled}
              disabled={!canEdit}
              className={check}
            />
            Publish the status page
          </label>
          <label className="flex items-center gap-2 text-sm font-medium">
            <input
              type="checkbox"
              name="public"
              defaultChecked={settings.public}
              disabled={!canEdit}
              className={check}
            />
            Public (anyone with the address; otherwise it answers 404)
          </label>
          <div className="flex flex-col gap-1">
            <label className="flex items-center gap-2 text-sm font-medium">
              <input
                type="checkbox"
                name="allowSubscriptions"
                defaultChecked={settings.allowSubscriptions}
                disabled={!canEdit}
                aria-describedby="subscriptions-hint"
                className={check}
              />
              Let visitors subscribe to updates by e-mail
            </label>
            <p id="subscriptions-hint" className="pl-6 text-sm text-muted">
              {settings.subscriptionMailAvailable
                ? `${settings.subscriberCount} confirmed subscriber${settings.subscriberCount === 1 ? "" : "s"}. They get an e-mail about its listed nodes ${SUBSCRIBER_MAIL_TOPICS}.`
                : "E-mail is unavailable: no mail server is set for this workspace (or its MSP) and SMTP_URL is not configured, or LEVEE_SECRET_KEY is not set. Nothing is sent, and visitors cannot subscribe. A workspace's mail server is set on the Alerts page (Mail server)."}
            </p>
          </div>
          <fieldset className="flex flex-col gap-2">
            <legend className="mb-1 text-sm font-medium">Access password</legend>
            <p id="access-password-state" className="text-sm text-muted">
              {settings.passwordProtected
                ? "Visitors must enter the password to see the page, its incidents, status.json and the feed; search engines are asked not to index it."
                : "None: anyone with the address sees the page."}
            </p>
            <Field
              label={settings.passwordProtected ? "New access password" : "Set an access password"}
              name="accessPassword"
              type="password"
              autoComplete="new-password"
              minLength={8}
              maxLength={256}
              disabled={!canEdit}
              hint="8 to 256 characters. Leave empty to keep the current one. Visitors who entered the old password must enter the new one."
              error={fieldMessage(page.fields, "accessPassword")}
            />
            {settings.passwordProtected && (
              <label className="flex items-center gap-2 text-sm font-medium">
                <input type="checkbox" name="clearAccessPassword" disabled={!canEdit} className={check} />
                Remove the password
              </label>
            )}
          </fieldset>
          <Field
            label="Title"
            name="title"
            required
            maxLength={120}
            defaultValue={settings.title}
            disabled={!canEdit}
            error={fieldMessage(page.fields, "title")}
          />
          <Field
            label="Description"
            name="description"
            maxLength={1000}
            defaultValue={settings.description}
            disabled={!canEdit}
            error={fieldMessage(page.fields, "description")}
          />
          <fieldset className="flex flex-col gap-3">
            <legend className="mb-2 text-sm font-medium">
              Listed nodes (the page shows the display name, never the hostname)
            </legend>
            {nodes.length === 0 && <p className="text-sm text-muted">No node is listed yet.</p>}
            {nodes.length > 0 && (
              // Which node each row is, in sight: the display name starts empty (an agent's node is
              // named after its host), so without it a row was a checkbox and two bare inputs.
              <div
                aria-hidden
                className={`${listedRow} text-xs font-medium uppercase tracking-wide text-muted`}
              >
                <span>Node (listed)</span>
                <span>Name shown to visitors</span>
                <span>Order</span>
              </div>
            )}
            {nodes.map((node, i) => {
              const entry = listed.get(node.id);
              return (
                <div key={node.id} className={listedRow}>
                  <label htmlFor={`list-${node.id}`} className="flex min-w-0 items-center gap-2 text-sm">
                    <input
                      type="checkbox"
                      id={`list-${node.id}`}
                      name={`list-${node.id}`}
                      defaultChecked
                      disabled={!canEdit}
                      className={check}
                      aria-label={`List ${node.name}`}
                    />
                    <span className="truncate" title={node.name}>
                      {node.name}
                    </span>
                  </label>
                  <input
                    name={`name-${node.id}`}
                    // Not prefilled with the node's name: an enrolled agent's node is named after its host.
                    defaultValue={entry?.displayName ?? ""}
                    placeholder="Name shown to visitors"
                    maxLength={80}
                    disabled={!canEdit}
                    className={inputClass}
                    aria-label={`Display name for ${node.name}`}
                  />
                  <input
                    name={`order-${node.id}`}
                    type="number"
                    defaultValue={entry ? entry.position + 1 : i + 1}
                    disabled={!canEdit}
                    className={inputClass}
                    aria-label={`Order of ${node.name}`}
                  />
                </div>
              );
            })}
            {canEdit && (
              <NodePicker
                workspaceId={workspaceId}
                label="Add a node to the page"
                value=""
                hint="Type a node's name or hostname; the node is added to the list above, to be named and saved."
                onChange={(node) => {
                  if (node && !nodes.some((n) => n.id === node.id))
                    setNodes((list) => [...list, { id: node.id, name: node.name }]);
                }}
              />
            )}
          </fieldset>
          {page.error && <ErrorMessage>{page.error}</ErrorMessage>}
          {page.done && <SuccessMessage>{page.done}</SuccessMessage>}
          {canEdit && (
            <button type="submit" disabled={page.busy} className={`${buttonPrimary} self-start`}>
              {page.busy ? "Saving…" : "Save status page"}
            </button>
          )}
        </form>
      </Card>
      <Card title="Scheduled maintenance">
        {settings.notices.length === 0 ? (
          <p className="mb-4 text-sm text-muted">No current or upcoming maintenance.</p>
        ) : (
          <ul className="mb-4 flex flex-col gap-2">
            {settings.notices.map((n) => (
              <li
                key={n.id}
                className="flex items-start justify-between gap-3 rounded-theme border border-muted/30 px-3 py-2 text-sm"
              >
                <span>
                  <span className="font-medium">{n.message}</span>
                  <br />
                  <span className="text-muted">
                    {n.startsAt.slice(0, 16).replace("T", " ")} – {n.endsAt.slice(0, 16).replace("T", " ")}{" "}
                    UTC
                  </span>
                </span>
                {canEdit && (
                  <button
                    type="button"
                    className={buttonDanger}
                    onClick={() => deleteNotice(n.id)}
                    disabled={notice.busy}
                  >
                    Remove
                  </button>
                )}
              </li>
            ))}
          </ul>
        )}
        {canEdit && (
          <form onSubmit={addNotice} className="flex flex-col gap-4" noValidate>
            <Field
              label="Starts (your local time)"
              name="startsAt"
              type="datetime-local"
              required
              error={fieldMessage(notice.fields, "startsAt")}
            />
            <Field
              label="Ends (your local time)"
              name="endsAt"
              type="datetime-local"
              required
              error={fieldMessage(notice.fields, "endsAt")}
            />
            <Field
              label="Message"
              name="message"
              required
              maxLength={500}
              error={fieldMessage(notice.fields, "message")}
            />
            {notice.error && <ErrorMessage>{notice.error}</ErrorMessage>}
            {notice.done && <SuccessMessage>{notice.done}</SuccessMessage>}
            <button type="submit" disabled={notice.busy} className={`${buttonPrimary} self-start`}>
              Add notice
            </button>
          </form>
        )}
      </Card>
    </div>
  );
}
