import type { Metadata } from "next";
import Link from "next/link";
import { DeliveryTable } from "@/components/alerts/delivery-table";
import { LiveRefresh } from "@/components/shell/live-refresh";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/feedback";
import { PageHeader } from "@/components/ui/page-header";
import { linkClass, tableClass, tdClass } from "@/components/ui/styles";
import { TableHead } from "@/components/ui/table-head";
import { formatTime, humanize } from "@/lib/format/units";
import { load } from "@/lib/graphql/load";
import { AlertsPageQuery, RecentDeliveriesQuery } from "@/lib/graphql/operations/alerts";

export const metadata: Metadata = { title: "Alerts" };

export default async function AlertsPage({ params }: Readonly<{ params: Promise<{ workspace: string }> }>) {
  const { workspace: slug } = await params;
  const { workspace } = await load(AlertsPageQuery, { slug });
  const { incidents } = await load(RecentDeliveriesQuery, { workspaceId: workspace.id });
  const withDeliveries = incidents.edges.map((e) => e.node).filter((i) => i.alertDeliveries.length > 0);
  return (
    <>
      <LiveRefresh workspaceId={workspace.id} />
      <PageHeader
        title="Alerts"
        subtitle="The channels incidents are announced on, and every delivery of the latest 25 incidents with its attempts."
      />
      <div className="flex flex-col gap-6">
        <Card title="Channels">
          {workspace.alertChannels.length === 0 ? (
            <EmptyState title="No alert channels">
              Channels (webhook, Slack, Discord, Teams, Telegram, PagerDuty, OpsGenie, SMS, e-mail) are
              created through the GraphQL API (createAlertChannel); this page shows them and what they
              delivered.
            </EmptyState>
          ) : (
            <div className="overflow-x-auto">
              <table className={tableClass}>
                <TableHead columns={["Channel", "Kind", "State", "Secrets"]} />
                <tbody>
                  {workspace.alertChannels.map((c) => (
                    <tr key={c.id}>
                      <td className={`${tdClass} font-medium`}>{c.name}</td>
                      <td className={tdClass}>{humanize(c.kind)}</td>
                      <td className={tdClass}>
                        {c.enabled ? "Enabled" : "Disabled"}
                        {c.sharedWithCustomers && " · shared with customers"}
                      </td>
                      <td className={`${tdClass} text-xs text-muted`}>
                        {c.secrets.map((s) => `${s.field} (${s.hint})`).join(", ") || "—"}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </Card>
        <Card title="Deliveries">
          {withDeliveries.length === 0 ? (
            <EmptyState title="Nothing delivered yet" />
          ) : (
            <div className="flex flex-col gap-6">
              {withDeliveries.map((incident) => (
                <div key={incident.id}>
                  <h3 className="mb-2 text-sm font-semibold">
                    <Link
                      href={`/w/${slug}/incidents/${encodeURIComponent(incident.id)}`}
                      className={linkClass}
                    >
                      {incident.node.name}, {formatTime(incident.startedAt)}
                    </Link>{" "}
                    <span className="font-normal text-muted">({incident.status.toLowerCase()})</span>
                  </h3>
                  <DeliveryTable deliveries={incident.alertDeliveries} empty="None" />
                </div>
              ))}
            </div>
          )}
        </Card>
      </div>
    </>
  );
}
