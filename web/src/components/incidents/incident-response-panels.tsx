// The incident page's response panels: what mitigation did (Incident.mitigationTimeline) and who was told
// (Incident.alertDeliveries). Each loads on its own, so a key or role without mitigation:read or alert:read
// loses that panel (with the API's reason shown), not the whole incident page.
import { DeliveryTable } from "@/components/alerts/delivery-table";
import { ActionTable } from "@/components/mitigation/action-table";
import { MitigationHistory } from "@/components/mitigation/mitigation-history";
import { Card } from "@/components/ui/card";
import { IncidentAlertDeliveriesQuery } from "@/lib/graphql/operations/alerts";
import { IncidentMitigationQuery, MitigationActionsQuery } from "@/lib/graphql/operations/mitigation";
import { serverFetch } from "@/lib/graphql/server-fetch";

function Unavailable({ errors }: Readonly<{ errors: readonly { message: string }[] }>) {
  return (
    <p className="text-sm text-muted">Not available: {errors[0]?.message ?? "the API returned no data"}</p>
  );
}

/**
 * The incident's firewall actions (state, what each dropped so far, Undo), then every step. The
 * steps alone showed only the reading taken at APPLIED (0) while the flood was being dropped; an
 * action's own counters are read by the agent every 10 s and come with each refresh of the page.
 */
export async function IncidentMitigationPanel({
  incidentId,
  workspaceId,
  workspaceSlug,
  nodeId,
  nodeName,
  canManage,
}: Readonly<{
  incidentId: string;
  workspaceId: string;
  workspaceSlug: string;
  nodeId: string;
  nodeName: string;
  canManage: boolean;
}>) {
  const [{ data, errors }, actions] = await Promise.all([
    serverFetch(IncidentMitigationQuery, { id: incidentId }),
    serverFetch(MitigationActionsQuery, { workspaceId, filter: { incidentId } }),
  ]);
  const incident = data?.node?.__typename === "Incident" ? data.node : null;
  const incidentActions = actions.data?.mitigationActions ?? [];
  return (
    <Card title="Mitigation timeline">
      {incidentActions.length > 0 && (
        <div className="mb-4" data-testid="incident-mitigation-actions">
          <ActionTable
            slug={workspaceSlug}
            actions={incidentActions}
            nodeNames={{ [nodeId]: nodeName }}
            canManage={canManage}
          />
        </div>
      )}
      {incident && errors.length === 0 ? (
        <MitigationHistory
          events={incident.mitigationTimeline.map((e, i) => ({ ...e, key: `${e.actionId}-${i}` })).reverse()}
          empty="No mitigation for this incident"
        />
      ) : (
        <Unavailable errors={errors} />
      )}
    </Card>
  );
}

export async function IncidentAlertsPanel({ incidentId }: Readonly<{ incidentId: string }>) {
  const { data, errors } = await serverFetch(IncidentAlertDeliveriesQuery, { id: incidentId });
  const incident = data?.node?.__typename === "Incident" ? data.node : null;
  return (
    <Card title="Alert deliveries">
      {incident && errors.length === 0 ? (
        <DeliveryTable deliveries={incident.alertDeliveries} empty="No alerts sent for this incident" />
      ) : (
        <Unavailable errors={errors} />
      )}
    </Card>
  );
}
