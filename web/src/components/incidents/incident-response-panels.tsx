// The incident page's response panels: what mitigation did (Incident.mitigationTimeline) and who was told
// (Incident.alertDeliveries). Each loads on its own, so a key or role without mitigation:read or alert:read
// loses that panel (with the API's reason shown), not the whole incident page.
import { DeliveryTable } from "@/components/alerts/delivery-table";
import { MitigationHistory } from "@/components/mitigation/mitigation-history";
import { Card } from "@/components/ui/card";
import { IncidentAlertDeliveriesQuery } from "@/lib/graphql/operations/alerts";
import { IncidentMitigationQuery } from "@/lib/graphql/operations/mitigation";
import { serverFetch } from "@/lib/graphql/server-fetch";

function Unavailable({ errors }: Readonly<{ errors: readonly { message: string }[] }>) {
  return (
    <p className="text-sm text-muted">Not available: {errors[0]?.message ?? "the API returned no data"}</p>
  );
}

export async function IncidentMitigationPanel({ incidentId }: Readonly<{ incidentId: string }>) {
  const { data, errors } = await serverFetch(IncidentMitigationQuery, { id: incidentId });
  const incident = data?.node?.__typename === "Incident" ? data.node : null;
  return (
    <Card title="Mitigation timeline">
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
