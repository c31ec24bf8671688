"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { EmptyState, ErrorMessage } from "@/components/ui/feedback";
import { buttonDanger, linkClass, tableBoxClass, tableClass, tdClass } from "@/components/ui/styles";
import { TableHead } from "@/components/ui/table-head";
import { formatBytes, formatTime } from "@/lib/format/units";
import { runMutation } from "@/lib/graphql/client-fetch";
import { UndoMitigationMutation } from "@/lib/graphql/operations/mitigation";
import { StateBadge } from "./state-badge";

export interface ActionRow {
  id: string;
  actionType: string;
  state: string;
  permanent: boolean;
  expiresAt?: string | null;
  packets?: number | null;
  bytes?: number | null;
  message?: string | null;
  warnings: readonly string[];
  nodeId: string;
  incidentId?: string | null;
}

const UNDOABLE = new Set(["PENDING", "ACTIVE", "FAILED"]);

/** Firewall actions grouped by node: state, the dropped-packet counters, lifetime, and Undo. */
export function ActionTable({
  slug,
  actions,
  nodeNames,
  canManage,
}: Readonly<{
  slug: string;
  actions: readonly ActionRow[];
  /** The actions' nodes' names, read by id. */
  nodeNames: Readonly<Record<string, string>>;
  canManage: boolean;
}>) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  if (actions.length === 0)
    return (
      <EmptyState title="No actions yet">
        Actions appear here when a rule fires or one is run by hand, with the packets they dropped.
      </EmptyState>
    );
  const byNode = [...new Set(actions.map((a) => a.nodeId))].map((id) => ({
    node: { id, name: nodeNames[id] ?? "a removed node" },
    rows: actions.filter((a) => a.nodeId === id),
  }));

  async function undo(id: string) {
    const outcome = await runMutation(
      UndoMitigationMutation,
      { input: { actionId: id } },
      (d) => d.undoMitigation,
    );
    if (!outcome.ok) return setError(outcome.message);
    setError(null);
    router.refresh();
  }

  return (
    <div className="flex flex-col gap-6">
      {error && <ErrorMessage>{error}</ErrorMessage>}
      {byNode.map(({ node, rows }) => (
        <div key={node.id}>
          <h3 className="mb-2 font-semibold">
            <Link href={`/w/${slug}/nodes/${encodeURIComponent(node.id)}`} className={linkClass}>
              {node.name}
            </Link>
            <span className="ml-2 text-sm font-normal text-muted">
              {rows.filter((r) => r.state === "ACTIVE").length} active
            </span>
          </h3>
          <div className={tableBoxClass}>
            <table className={tableClass}>
              <TableHead columns={["Action", "State", "Dropped", "Expires", "Incident", ""]} />
              <tbody>
                {rows.map((a) => (
                  <tr key={a.id} data-action={a.id} data-action-type={a.actionType}>
                    <td className={tdClass}>
                      <span className="font-mono text-xs">{a.actionType}</span>
                      {a.warnings.length > 0 && (
                        <span className="block text-xs text-muted">⚠ {a.warnings.join("; ")}</span>
                      )}
                      {a.message && <span className="block text-xs text-muted">{a.message}</span>}
                    </td>
                    <td className={tdClass}>
                      <StateBadge state={a.state} />
                    </td>
                    <td className={`${tdClass} tabular-nums`}>
                      {a.packets == null
                        ? "—"
                        : `${a.packets.toLocaleString("en")} pkts · ${formatBytes(a.bytes ?? 0)}`}
                    </td>
                    <td className={tdClass}>
                      {a.permanent ? "Permanent" : a.expiresAt ? formatTime(a.expiresAt) : "—"}
                    </td>
                    <td className={tdClass}>
                      {a.incidentId ? (
                        <Link
                          href={`/w/${slug}/incidents/${encodeURIComponent(a.incidentId)}`}
                          className={linkClass}
                        >
                          View
                        </Link>
                      ) : (
                        "By hand"
                      )}
                    </td>
                    <td className={`${tdClass} text-right`}>
                      {canManage && UNDOABLE.has(a.state) && (
                        <button type="button" className={buttonDanger} onClick={() => undo(a.id)}>
                          Undo<span className="sr-only"> {a.actionType}</span>
                        </button>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </div>
      ))}
    </div>
  );
}
