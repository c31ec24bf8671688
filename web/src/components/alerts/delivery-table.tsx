import { StateBadge } from "@/components/mitigation/state-badge";
import { EmptyState } from "@/components/ui/feedback";
import { tableBoxClass, tableClass, tdClass } from "@/components/ui/styles";
import { TableHead } from "@/components/ui/table-head";
import { requestsMade } from "@/lib/alerts/delivery-attempts";
import { formatTime, humanize } from "@/lib/format/units";

export interface Delivery {
  id: string;
  channelName: string;
  channelKind: string;
  event: string;
  step: number;
  status: string;
  attempts: number;
  dueAt: string;
  sentAt?: string | null;
  lastError?: string | null;
  log: readonly {
    at: string;
    attempt: number;
    outcome: string;
    httpStatus?: number | null;
    latencyMs: number;
    error?: string | null;
  }[];
}

/** Who was told what and when: one row per channel, incident event and escalation step, with every attempt. */
export function DeliveryTable({
  deliveries,
  empty,
}: Readonly<{ deliveries: readonly Delivery[]; empty: string }>) {
  if (deliveries.length === 0) return <EmptyState title={empty} />;
  return (
    <div className={tableBoxClass}>
      <table className={tableClass} data-testid="alert-deliveries">
        <TableHead columns={["Channel", "Event", "Status", "Requests", "Sent", "Log"]} />
        <tbody>
          {deliveries.map((d) => (
            <tr key={d.id} data-delivery-status={d.status}>
              <td className={tdClass}>
                <span className="font-medium">{d.channelName}</span>
                <span className="block text-xs text-muted">{humanize(d.channelKind)}</span>
              </td>
              <td className={tdClass}>
                {humanize(d.event)}
                {d.step > 0 && <span className="block text-xs text-muted">escalation step {d.step}</span>}
              </td>
              <td className={tdClass}>
                <StateBadge state={d.status} />
                {d.lastError && (
                  // A delivery held on purpose (a maintenance window) says why, without the failure colour.
                  <span
                    className={`block text-xs ${d.status === "SUPPRESSED" ? "text-muted" : "text-danger"}`}
                  >
                    {d.lastError}
                  </span>
                )}
              </td>
              <td className={`${tdClass} tabular-nums`}>{requestsMade(d.log)}</td>
              <td className={tdClass}>{d.sentAt ? formatTime(d.sentAt) : `due ${formatTime(d.dueAt)}`}</td>
              <td className={tdClass}>
                {d.log.length === 0 ? (
                  "—"
                ) : (
                  <details>
                    <summary className="cursor-pointer text-sm">
                      {d.log.length} entr{d.log.length === 1 ? "y" : "ies"}
                    </summary>
                    <ol className="mt-1 flex flex-col gap-0.5 text-xs">
                      {d.log.map((a) => (
                        <li key={a.attempt}>
                          #{a.attempt} {formatTime(a.at)} · {a.outcome}
                          {a.httpStatus != null && ` · HTTP ${a.httpStatus}`} · {a.latencyMs} ms
                          {a.error && <span className="text-danger"> · {a.error}</span>}
                        </li>
                      ))}
                    </ol>
                  </details>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
