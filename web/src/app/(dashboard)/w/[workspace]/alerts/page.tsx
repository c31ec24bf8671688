import { roleCan } from "@levee/shared/auth/permissions";
import type { Metadata } from "next";
import Link from "next/link";
import { AlertChannels } from "@/components/alerts/alert-channels";
import { DeliveryTable } from "@/components/alerts/delivery-table";
import { EscalationPolicies } from "@/components/alerts/escalation-policies";
import { MailServerForm } from "@/components/alerts/mail-server-form";
import { MaintenanceWindows } from "@/components/alerts/maintenance-windows";
import { LiveRefresh } from "@/components/shell/live-refresh";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/feedback";
import { PageHeader } from "@/components/ui/page-header";
import { linkClass } from "@/components/ui/styles";
import { formatTime } from "@/lib/format/units";
import { load } from "@/lib/graphql/load";
import { AlertRoutingQuery } from "@/lib/graphql/operations/alert-routing";
import { AlertsPageQuery, RecentDeliveriesQuery } from "@/lib/graphql/operations/alerts";
import { loadNodeNames } from "@/lib/nodes/load-node-names";

export const metadata: Metadata = { title: "Alerts" };

export default async function AlertsPage({ params }: Readonly<{ params: Promise<{ workspace: string }> }>) {
  const { workspace: slug } = await params;
  const [{ workspace }, { workspace: routing }] = await Promise.all([
    load(AlertsPageQuery, { slug }),
    load(AlertRoutingQuery, { slug }),
  ]);
  const [{ incidents }, nodeNames] = await Promise.all([
    load(RecentDeliveriesQuery, { workspaceId: workspace.id }),
    loadNodeNames(routing.maintenanceWindows.flatMap((w) => (w.nodeId ? [w.nodeId] : []))),
  ]);
  const canManage = roleCan(workspace.viewerRole, "alert:manage");
  const withDeliveries = incidents.edges.map((e) => e.node).filter((i) => i.alertDeliveries.length > 0);
  return (
    <>
      <LiveRefresh workspaceId={workspace.id} />
      <PageHeader
        title="Alerts"
        subtitle="The channels incidents are announced on (add, edit, test, enable or disable, delete), the escalation policies that page them in steps and the maintenance windows that hold them (add, edit, delete; end a window under way now), and every delivery of the latest 25 incidents with its attempts."
      />
      <div className="flex flex-col gap-6">
        <AlertChannels workspaceId={workspace.id} channels={workspace.alertChannels} canManage={canManage} />
        <MailServerForm
          workspaceId={workspace.id}
          route={workspace.mailRoute}
          server={workspace.mailServer ?? null}
          canManage={canManage}
        />
        <EscalationPolicies
          workspaceId={workspace.id}
          policies={routing.escalationPolicies}
          channels={workspace.alertChannels}
          canManage={canManage}
        />
        <MaintenanceWindows
          workspaceId={workspace.id}
          windows={routing.maintenanceWindows}
          nodeNames={Object.fromEntries(nodeNames)}
          canManage={canManage}
          renderedAt={Date.now()}
        />
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
