"use client";

import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";
import { Card } from "@/components/ui/card";
import { EmptyState, ErrorMessage } from "@/components/ui/feedback";
import { buttonDanger, tableClass, tdClass } from "@/components/ui/styles";
import { TableHead } from "@/components/ui/table-head";
import { WINDOW_STATE_LABEL, type WindowState, windowState } from "@/lib/alerts/maintenance-form";
import { formatInZone, viewerZone } from "@/lib/alerts/zoned-time";
import { runMutation } from "@/lib/graphql/client-fetch";
import { DeleteMaintenanceWindowMutation } from "@/lib/graphql/operations/alert-routing";
import { MaintenanceWindowForm, type NodeChoice } from "./maintenance-window-form";

interface MaintenanceWindow {
  id: string;
  name: string;
  nodeId?: string | null;
  startsAt: string;
  endsAt: string;
  weekly: boolean;
  timeZone: string;
}

const STATE_TONE: Record<WindowState, string> = {
  active: "border-success/60 bg-success/10 text-text",
  upcoming: "border-accent/60 bg-accent/10 text-text",
  ended: "border-muted/40 text-muted",
  recurring: "border-muted/40 text-text",
};

/**
 * An instant in the window's own zone (the same text on the server and in the browser), and, once in the
 * browser, in the viewer's zone when its clock reads otherwise (rendering that on the server would not
 * match: React #418).
 */
function WindowTime({ iso, zone, viewer }: Readonly<{ iso: string; zone: string; viewer: string | null }>) {
  const there = formatInZone(iso, zone);
  const here = viewer ? formatInZone(iso, viewer) : there;
  return (
    <time dateTime={iso} className="flex flex-col">
      <span className="whitespace-nowrap">
        {there} <span className="text-muted">{zone}</span>
      </span>
      {here !== there && <span className="whitespace-nowrap text-xs text-muted">{here} your time</span>}
    </time>
  );
}

/**
 * The workspace's maintenance windows (alerts of incidents inside one are held and logged as suppressed), with
 * whether each holds alerts now, delete per window, and the form to add one. Only owners and admins change them.
 */
export function MaintenanceWindows({
  workspaceId,
  windows,
  nodes,
  canManage,
  renderedAt,
}: Readonly<{
  workspaceId: string;
  windows: readonly MaintenanceWindow[];
  nodes: readonly NodeChoice[];
  canManage: boolean;
  /** When the server rendered the page: the first render's "now", the same on both sides. */
  renderedAt: number;
}>) {
  const router = useRouter();
  const [now, setNow] = useState(renderedAt);
  const [viewer, setViewer] = useState<string | null>(null);
  const [rowError, setRowError] = useState<string | null>(null);
  const [changing, setChanging] = useState<ReadonlySet<string>>(new Set());
  useEffect(() => {
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
    setChanging((ids) => new Set(ids).add(w.id));
    const outcome = await runMutation(
      DeleteMaintenanceWindowMutation,
      { input: { windowId: w.id } },
      (d) => d.deleteMaintenanceWindow,
    );
    setChanging((ids) => new Set([...ids].filter((id) => id !== w.id)));
    if (!outcome.ok) return setRowError(`${w.name}: ${outcome.message}`);
    router.refresh();
  }

  const nodeName = (id: string) => nodes.find((n) => n.id === id)?.name ?? "a node";
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
                " A window is not edited in place here: to change one, delete it and create it again."}
            </p>
            <div className="overflow-x-auto">
              <table className={tableClass}>
                <TableHead columns={["Window", "Applies to", "Starts", "Ends", "Repeats", ""]} />
                <tbody>
                  {windows.map((w) => {
                    const state = windowState(w, now);
                    return (
                      <tr key={w.id} data-testid="maintenance-window" data-window={w.name} data-state={state}>
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
                            <button
                              type="button"
                              className={buttonDanger}
                              disabled={changing.has(w.id)}
                              onClick={() => remove(w)}
                            >
                              Delete<span className="sr-only"> {w.name}</span>
                            </button>
                          )}
                        </td>
                      </tr>
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
      {canManage && <MaintenanceWindowForm workspaceId={workspaceId} nodes={nodes} />}
    </div>
  );
}
