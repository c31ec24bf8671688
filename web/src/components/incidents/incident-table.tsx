import Link from "next/link";
import { EmptyState } from "@/components/ui/feedback";
import { IncidentStatusBadge, SeverityBadge } from "@/components/ui/status-pill";
import { tableBoxClass, tableClass, tdClass, thClass } from "@/components/ui/styles";
import { TableHead } from "@/components/ui/table-head";
import { formatDuration, formatTime } from "@/lib/format/units";
import { familyLabel } from "@/lib/incidents/families";
import type { IncidentRow } from "@/lib/incidents/incidents-csv";
import { mainPeakText, type PeakedIncident } from "@/lib/incidents/trigger-peaks";

export function IncidentTable({
  slug,
  incidents,
  compact = false,
}: Readonly<{
  slug: string;
  incidents: readonly (IncidentRow & PeakedIncident & { node: { id: string; name: string } })[];
  compact?: boolean;
}>) {
  if (incidents.length === 0) {
    return (
      <EmptyState title="No incidents">
        Nothing crossed a threshold{compact ? " recently" : " with these filters"}.
      </EmptyState>
    );
  }
  const headers = compact
    ? ["Incident", "Status", "Severity", "Peak"]
    : ["Started", "Node", "Status", "Severity", "Family", "Peak", "Duration"];
  return (
    <div className={tableBoxClass}>
      <table className={tableClass}>
        <TableHead columns={headers} />
        <tbody>
          {incidents.map((incident) => {
            // Its links are not prefetched: each row in view would render its incident's page on the server
            // (queries to the API), against the viewer's request rate, before anyone clicks.
            const href = `/w/${slug}/incidents/${encodeURIComponent(incident.id)}`;
            const family = familyLabel(incident.classification?.family);
            return compact ? (
              <tr key={incident.id} data-incident={incident.id}>
                <td className={tdClass}>
                  <Link href={href} prefetch={false} className="font-medium hover:text-primary">
                    {family} on {incident.node.name}
                  </Link>
                  <p className="text-xs text-muted">{formatTime(incident.startedAt)}</p>
                </td>
                <td className={tdClass}>
                  <IncidentStatusBadge status={incident.status} />
                </td>
                <td className={tdClass}>
                  <SeverityBadge severity={incident.severity} />
                </td>
                <td className={`${tdClass} tabular-nums`} data-testid="incident-peak">
                  {mainPeakText(incident)}
                </td>
              </tr>
            ) : (
              <tr key={incident.id} data-incident={incident.id}>
                <td className={`${tdClass} whitespace-nowrap`}>
                  <Link href={href} prefetch={false} className="font-medium hover:text-primary">
                    {formatTime(incident.startedAt)}
                  </Link>
                </td>
                <td className={tdClass}>{incident.node.name}</td>
                <td className={tdClass}>
                  <IncidentStatusBadge status={incident.status} />
                </td>
                <td className={tdClass}>
                  <SeverityBadge severity={incident.severity} />
                </td>
                <td className={tdClass}>
                  {family}
                  {incident.classification && (
                    <span className="ml-1 text-xs text-muted">{incident.classification.confidence}%</span>
                  )}
                </td>
                <td className={`${tdClass} tabular-nums`} data-testid="incident-peak">
                  {mainPeakText(incident)}
                </td>
                <td className={`${tdClass} tabular-nums`}>{formatDuration(incident.durationSeconds)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
