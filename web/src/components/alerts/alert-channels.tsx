"use client";

import { useRouter } from "next/navigation";
import { Fragment, useState } from "react";
import { Card } from "@/components/ui/card";
import { EmptyState, ErrorMessage } from "@/components/ui/feedback";
import { buttonDanger, buttonSecondary, tableBoxClass, tableClass, tdClass } from "@/components/ui/styles";
import { TableHead } from "@/components/ui/table-head";
import { runMutation } from "@/lib/graphql/client-fetch";
import {
  DeleteAlertChannelMutation,
  TestAlertChannelMutation,
  UpdateAlertChannelMutation,
} from "@/lib/graphql/operations/alerts";
import { EditChannelForm } from "./alert-channel-edit-form";
import { type CreatedChannel, NewChannelForm } from "./alert-channel-new-form";
import type { AlertChannelRow } from "./channel-edit";
import { kindOf } from "./channel-kinds";
import { useRowEdits } from "./use-row-edits";

/** A channel's settings in a line, by the form's labels: the plain ones as they are, secrets by their hints. */
function settingsLine(channel: AlertChannelRow): string {
  const fields = kindOf(channel.kind)?.fields ?? [];
  const label = (name: string) => fields.find((f) => f.name === name)?.label ?? name;
  const plain =
    channel.settings && typeof channel.settings === "object"
      ? Object.entries(channel.settings as Record<string, unknown>).map(
          ([name, value]) => `${label(name)}: ${Array.isArray(value) ? value.join(", ") : String(value)}`,
        )
      : [];
  const secrets = channel.secrets.map((s) => `${label(s.field)} (${s.hint})`);
  // Shown before the secret is set too: PagerDuty hands out its signing secret only once given the URL.
  const armed = channel.secrets.some((s) => s.field === "callbackSecret");
  const callback = channel.callbackUrl
    ? [
        `Callback URL: ${channel.callbackUrl}${channel.kind === "OPSGENIE" ? "?token=<the secret>" : ""}` +
          (armed ? "" : " (refused until the acknowledgement secret is set)"),
      ]
    : [];
  return [...plain, ...secrets, ...callback].join(" · ") || "—";
}

/** What the row says last: how its test went, or that an edit was saved (shown until the page is left). */
type RowNote = { ok: boolean; text: string };

/**
 * The workspace's alert channels: per channel a test message, an edit in place (name, sharing,
 * settings; secrets kept unless retyped), enable/disable and delete; below, the form to add one.
 */
export function AlertChannels({
  workspaceId,
  channels,
  canManage,
}: Readonly<{ workspaceId: string; channels: readonly AlertChannelRow[]; canManage: boolean }>) {
  const router = useRouter();
  const [created, setCreated] = useState<CreatedChannel | null>(null);
  const [notes, setNotes] = useState<Record<string, RowNote | "sending">>({});
  const [rowError, setRowError] = useState<string | null>(null);
  /** The channel whose edit form is open (one at a time), and those with a change on its way. */
  const rows = useRowEdits(channels);
  const note = (id: string, value: RowNote | "sending") => setNotes((n) => ({ ...n, [id]: value }));
  /** A note no longer says anything about a channel changed or gone. */
  const forgetNote = (id: string) =>
    setNotes((n) => {
      const { [id]: _, ...rest } = n;
      return rest;
    });

  async function sendTest(channel: AlertChannelRow) {
    note(channel.id, "sending");
    const outcome = await runMutation(
      TestAlertChannelMutation,
      { input: { channelId: channel.id } },
      (d) => d.testAlertChannel,
    );
    let result: RowNote;
    if (!outcome.ok) result = { ok: false, text: outcome.message };
    else {
      const { ok, httpStatus, latencyMs, error: failure } = outcome.value;
      const status = httpStatus ? `HTTP ${httpStatus}` : "";
      // The API's error already names the HTTP status when there was one.
      result = ok
        ? { ok, text: `Delivered${status ? ` (${status})` : ""} in ${latencyMs} ms` }
        : { ok, text: `Failed: ${failure || status || "no answer"}` };
    }
    note(channel.id, result);
  }

  async function setEnabled(channel: AlertChannelRow, enabled: boolean) {
    setRowError(null);
    rows.start(channel.id);
    const outcome = await runMutation(
      UpdateAlertChannelMutation,
      { input: { channelId: channel.id, enabled } },
      (d) => d.updateAlertChannel,
    );
    rows.end(channel.id);
    if (!outcome.ok) return setRowError(`${channel.name}: ${outcome.message}`);
    forgetNote(channel.id);
    router.refresh();
  }

  async function remove(channel: AlertChannelRow) {
    if (!window.confirm(`Delete the channel “${channel.name}”? Its delivery history goes with it.`)) return;
    setRowError(null);
    rows.start(channel.id);
    const outcome = await runMutation(
      DeleteAlertChannelMutation,
      { input: { channelId: channel.id } },
      (d) => d.deleteAlertChannel,
    );
    // Deleted, the row stays disabled until the refresh takes it away (a second click would be NOT_FOUND).
    if (!outcome.ok) {
      rows.end(channel.id);
      return setRowError(`${channel.name}: ${outcome.message}`);
    }
    forgetNote(channel.id);
    rows.settle(channel.id);
    if (created?.name === channel.name) setCreated(null);
    router.refresh();
  }

  function edit(channel: AlertChannelRow) {
    setRowError(null);
    rows.toggle(channel.id);
  }

  function saved(channel: AlertChannelRow, text: string) {
    rows.close(channel.id);
    note(channel.id, { ok: true, text });
    router.refresh();
  }

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
          <div className={tableBoxClass}>
            <table className={tableClass}>
              <TableHead columns={["Channel", "Kind", "State", "Settings", ""]} />
              <tbody>
                {channels.map((c) => {
                  const rowNote = notes[c.id];
                  const open = canManage && rows.isOpen(c.id);
                  return (
                    <Fragment key={c.id}>
                      <tr data-testid="alert-channel">
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
                                disabled={rowNote === "sending"}
                                onClick={() => sendTest(c)}
                              >
                                {rowNote === "sending" ? "Sending…" : "Send test"}
                                <span className="sr-only"> to {c.name}</span>
                              </button>
                              <button
                                type="button"
                                className={buttonSecondary}
                                aria-expanded={open}
                                disabled={rows.editWaits(c.id)}
                                ref={rows.editButton(c.id)}
                                onClick={() => edit(c)}
                              >
                                Edit<span className="sr-only"> {c.name}</span>
                              </button>
                              <button
                                type="button"
                                className={buttonSecondary}
                                disabled={rows.waits(c.id)}
                                onClick={() => setEnabled(c, !c.enabled)}
                              >
                                {c.enabled ? "Disable" : "Enable"}
                                <span className="sr-only"> {c.name}</span>
                              </button>
                              <button
                                type="button"
                                className={buttonDanger}
                                disabled={rows.waits(c.id)}
                                onClick={() => remove(c)}
                              >
                                Delete<span className="sr-only"> {c.name}</span>
                              </button>
                            </div>
                          )}
                          {/* Present from the start, so screen readers announce what comes into it. */}
                          <p
                            role="status"
                            className={`mt-1 text-xs ${rowNote && rowNote !== "sending" && !rowNote.ok ? "text-danger" : "text-success"}`}
                          >
                            {rowNote && rowNote !== "sending" ? rowNote.text : ""}
                          </p>
                        </td>
                      </tr>
                      {open && (
                        <tr>
                          <td colSpan={5} className={tdClass}>
                            <EditChannelForm
                              channel={c}
                              onSaved={(text) => saved(c, text)}
                              onCancel={() => rows.close(c.id)}
                              onBusy={rows.formBusy(c.id)}
                            />
                          </td>
                        </tr>
                      )}
                    </Fragment>
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
      {canManage && <NewChannelForm workspaceId={workspaceId} created={created} onCreated={setCreated} />}
    </div>
  );
}
