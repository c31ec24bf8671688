"use client";

import { isValidTimeZone } from "@levee/shared/time-zones";
import { useRouter } from "next/navigation";
import { Fragment, useEffect, useRef, useState } from "react";
import { Card } from "@/components/ui/card";
import { EmptyState, ErrorMessage } from "@/components/ui/feedback";
import { buttonDanger, buttonSecondary, tableBoxClass, tableClass, tdClass } from "@/components/ui/styles";
import { TableHead } from "@/components/ui/table-head";
import { WINDOW_STATE_LABEL, type WindowState, windowState } from "@/lib/alerts/maintenance-form";
import {
  canEndNow,
  endNow,
  type StoredWindow as MaintenanceWindow,
  NEW_WINDOW,
  windowValues,
} from "@/lib/alerts/window-edit";
import { viewerZone } from "@/lib/alerts/zoned-time";
import { runMutation } from "@/lib/graphql/client-fetch";
import {
  DeleteMaintenanceWindowMutation,
  UpdateMaintenanceWindowMutation,
} from "@/lib/graphql/operations/alert-routing";
import { MaintenanceWindowForm } from "./maintenance-window-form";
import { useRowEdits } from "./use-row-edits";
import { WindowTime } from "./window-time";

const STATE_TONE: Record<WindowState, string> = {
  active: "border-success/60 bg-success/10 text-text",
  upcoming: "border-accent/60 bg-accent/10 text-text",
  ended: "border-muted/40 text-muted",
  recurring: "border-muted/40 text-text",
};

/**
 * The workspace's maintenance windows (alerts of incidents inside one are held and logged as suppressed), with
 * whether each holds alerts now, an edit in place, "End now" for a one-off window under way and delete per
 * window, and the form to add one. Only owners and admins change them.
 */
export function MaintenanceWindows({
  workspaceId,
  windows,
  nodeNames,
  canManage,
  renderedAt,
}: Readonly<{
  workspaceId: string;
  windows: readonly MaintenanceWindow[];
  /** The names of the windows' nodes, read by id (a node past any first page of the list too). */
  nodeNames: Readonly<Record<string, string>>;
  canManage: boolean;
  /** When the server rendered the page: the first render's "now", the same on both sides. */
  renderedAt: number;
}>) {
  const router = useRouter();
  const [now, setNow] = useState(renderedAt);
  const [viewer, setViewer] = useState<string | null>(null);
  const [rowError, setRowError] = useState<string | null>(null);
  /** What a row says last: that its edit was saved, nothing changed, or it was ended (until the page is left). */
  const [notes, setNotes] = useState<Record<string, string>>({});
  /** The window whose edit form is open (one at a time), and those with a change on its way. */
  const rows = useRowEdits(windows);
  /** The server's clock less this browser's, when they differ by more than the page's own delay could. */
  const skew = useRef(0);
  // biome-ignore lint/correctness/useExhaustiveDependencies: once, on mount: the first render's time is the one to compare
  useEffect(() => {
    const off = renderedAt - Date.now();
    skew.current = Math.abs(off) > 10_000 ? off : 0;
    setViewer(viewerZone());
    setNow(Date.now());
    const timer = setInterval(() => setNow(Date.now()), 15_000);
    return () => clearInterval(timer);
  }, []);
  // A refreshed list (a window added or deleted) is judged against now, not the last tick.
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs again because the list changed
  useEffect(() => setNow(Date.now()), [windows]);

  async function remove(w: MaintenanceWindow) {
    if (
      !window.confirm(
        `Delete the maintenance window “${w.name}”? Alerts are sent again from now on; those it held stay suppressed.`,
      )
    )
      return;
    setRowError(null);
    rows.start(w.id);
    const outcome = await runMutation(
      DeleteMaintenanceWindowMutation,
      { input: { windowId: w.id } },
      (d) => d.deleteMaintenanceWindow,
    );
    // Deleted, the row stays disabled until the refresh takes it away (a second click would be NOT_FOUND).
    if (!outcome.ok) {
      rows.end(w.id);
      return setRowError(`${w.name}: ${outcome.message}`);
    }
    rows.settle(w.id);
    router.refresh();
  }

  /** A one-off window under way ends now: alerts are sent again from the next one on. */
  async function end(w: MaintenanceWindow) {
    if (
      !window.confirm(
        `End the maintenance window “${w.name}” now? Alerts are sent again from now on; those it held stay suppressed.`,
      )
    )
      return;
    setRowError(null);
    // Judged again now that it is confirmed (the dialog may have stayed open past the window's end).
    const input = endNow(w, Date.now() + skew.current);
    if (!input) {
      setNow(Date.now());
      return setRowError(`${w.name}: not under way any more; nothing changed`);
    }
    rows.start(w.id);
    const outcome = await runMutation(
      UpdateMaintenanceWindowMutation,
      { input },
      (d) => d.updateMaintenanceWindow,
    );
    if (!outcome.ok) {
      rows.end(w.id);
      return setRowError(`${w.name}: ${outcome.message}`);
    }
    rows.settle(w.id, (now) => now.find((row) => row.id === w.id)?.endsAt !== w.endsAt);
    saved(w, "Ended now");
  }

  function edit(w: MaintenanceWindow) {
    setRowError(null);
    rows.toggle(w.id);
  }

  function saved(w: MaintenanceWindow, note: string) {
    rows.close(w.id);
    setNotes((n) => ({ ...n, [w.id]: note }));
    router.refresh();
  }

  const nodeName = (id: string) => nodeNames[id] ?? "a removed node";
  return (
    <div className="flex flex-col gap-6">
      <Card title="Maintenance windows">
        {windows.length === 0 ? (
          <EmptyState title="No maintenance windows">
            Alerts of incidents that open or change inside a window are held and logged as suppressed.
            {canManage ? " Add one below." : " An owner or admin of this workspace adds them."}
          </EmptyState>
        ) : (
          <>
            <p className="mb-3 text-sm text-muted">
              Alerts of incidents that open or change inside a window are held and logged as suppressed.
              {canManage &&
                " A change holds from the next alert on; a weekly window's end sets every occurrence's length."}
            </p>
            <div className={tableBoxClass}>
              <table className={tableClass}>
                <TableHead columns={["Window", "Applies to", "Starts", "Ends", "Repeats", ""]} />
                <tbody>
                  {windows.map((w) => {
                    const state = windowState(w, now);
                    const open = canManage && rows.isOpen(w.id);
                    // A zone the server knows and this browser's zone data does not: not editable here.
                    const zoneKnown = isValidTimeZone(w.timeZone);
                    return (
                      <Fragment key={w.id}>
                        <tr
                          data-testid="maintenance-window"
                          data-window={w.name}
                          data-state={state}
                          // Older zone data in a browser may judge a window otherwise than the server did.
                          suppressHydrationWarning
                        >
                          <td className={tdClass}>
                            <span className="font-medium">{w.name}</span>{" "}
                            <span
                              className={`ml-1 inline-block whitespace-nowrap rounded-full border px-2 py-0.5 text-xs font-semibold ${STATE_TONE[state]}`}
                            >
                              {WINDOW_STATE_LABEL[state]}
                            </span>
                          </td>
                          <td className={tdClass}>{w.nodeId ? nodeName(w.nodeId) : "Whole workspace"}</td>
                          <td className={`${tdClass} text-xs`}>
                            <WindowTime iso={w.startsAt} zone={w.timeZone} viewer={viewer} />
                          </td>
                          <td className={`${tdClass} text-xs`}>
                            <WindowTime iso={w.endsAt} zone={w.timeZone} viewer={viewer} />
                          </td>
                          <td className={`${tdClass} text-xs`}>
                            {w.weekly ? "Every week at these local times" : "Once"}
                          </td>
                          <td className={tdClass}>
                            {canManage && (
                              <div className="flex flex-wrap items-center gap-2">
                                <button
                                  type="button"
                                  className={buttonSecondary}
                                  aria-expanded={open}
                                  disabled={rows.editWaits(w.id) || !zoneKnown}
                                  title={
                                    zoneKnown
                                      ? undefined
                                      : `This browser does not know the zone ${w.timeZone}`
                                  }
                                  ref={rows.editButton(w.id)}
                                  onClick={() => edit(w)}
                                >
                                  Edit<span className="sr-only"> {w.name}</span>
                                </button>
                                {canEndNow(w, now) && (
                                  <button
                                    type="button"
                                    className={buttonSecondary}
                                    disabled={rows.waits(w.id)}
                                    onClick={() => end(w)}
                                  >
                                    End now<span className="sr-only"> {w.name}</span>
                                  </button>
                                )}
                                <button
                                  type="button"
                                  className={buttonDanger}
                                  disabled={rows.waits(w.id)}
                                  onClick={() => remove(w)}
                                >
                                  Delete<span className="sr-only"> {w.name}</span>
                                </button>
                              </div>
                            )}
                            {/* Present from the start, so screen readers announce what comes into it. */}
                            <p role="status" className="mt-1 text-xs text-success">
                              {notes[w.id] ?? ""}
                            </p>
                          </td>
                        </tr>
                        {open && (
                          <tr>
                            <td colSpan={6} className={tdClass}>
                              <MaintenanceWindowForm
                                workspaceId={workspaceId}
                                nodeNames={nodeNames}
                                initial={windowValues(w)}
                                mode={{
                                  kind: "edit",
                                  window: w,
                                  onSaved: (note) => saved(w, note),
                                  onCancel: () => rows.close(w.id),
                                  onBusy: rows.formBusy(w.id),
                                }}
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
          </>
        )}
        {rowError && (
          <div className="mt-3">
            <ErrorMessage>{rowError}</ErrorMessage>
          </div>
        )}
      </Card>
      {canManage && (
        <MaintenanceWindowForm
          workspaceId={workspaceId}
          nodeNames={nodeNames}
          initial={NEW_WINDOW}
          mode={{ kind: "create", workspaceId }}
        />
      )}
    </div>
  );
}
