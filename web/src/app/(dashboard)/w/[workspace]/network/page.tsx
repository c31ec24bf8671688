import { roleCan } from "@levee/shared/auth/permissions";
import type { Metadata } from "next";
import { MitigationLive } from "@/components/mitigation/mitigation-live";
import { AnnounceForm } from "@/components/network/announce-form";
import { NetworkEventLog } from "@/components/network/network-event-log";
import { NetworkRuleTable } from "@/components/network/network-rule-table";
import { NetworkSettingsForm } from "@/components/network/network-settings-form";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { Stat } from "@/components/ui/stat";
import { load } from "@/lib/graphql/load";
import {
  NetworkMitigationLogQuery,
  NetworkMitigationQuery,
  NetworkMitigationStateQuery,
} from "@/lib/graphql/operations/network";
import { serverFetch } from "@/lib/graphql/server-fetch";
import { eventFromAudit, type NetworkEvent } from "@/lib/mitigation/network-events";

export const metadata: Metadata = { title: "Network mitigation" };

/** The history needs audit:read; without it the page still shows live events and says why the rest is missing. */
async function loadHistory(workspaceId: string): Promise<{ events: NetworkEvent[]; error: string | null }> {
  const { data, errors } = await serverFetch(NetworkMitigationLogQuery, { workspaceId });
  if (!data) return { events: [], error: errors[0]?.message ?? "the API returned no data" };
  const entries = [...data.announced.edges, ...data.withdrawn.edges].map((e) => eventFromAudit(e.node));
  return { events: entries, error: null };
}

export default async function NetworkMitigationPage({
  params,
}: Readonly<{ params: Promise<{ workspace: string }> }>) {
  const { workspace: slug } = await params;
  const { workspace } = await load(NetworkMitigationQuery, { slug });
  const [{ networkMitigation: net }, history] = await Promise.all([
    load(NetworkMitigationStateQuery, { workspaceId: workspace.id }),
    loadHistory(workspace.id),
  ]);
  const canManage = roleCan(workspace.viewerRole, "workspace:update");
  const held = net.rules.filter((r) => r.state !== "WITHDRAWN");
  return (
    <>
      <MitigationLive workspaceId={workspace.id} firewall={false} network />
      <PageHeader
        title="Network mitigation"
        subtitle="BGP FlowSpec, RTBH and cloud scrubbing: rules announced upstream when the uplink itself is full."
      />
      <div className="grid grid-cols-2 gap-3 md:grid-cols-4" data-testid="network-state">
        <Stat label="Configured" value={net.configured ? "Yes" : "No"} />
        <Stat label="Rules held" value={String(held.length)} tone={held.length ? "danger" : "text"} />
        <Stat label="Speakers" value={String(net.speakers.length)} />
        <Stat
          label="Verified prefixes"
          value={`${net.prefixes.filter((p) => p.verified).length} / ${net.prefixes.length}`}
        />
      </div>
      <div className="mt-6 flex flex-col gap-6">
        <Card title="Announced rules">
          <NetworkRuleTable slug={slug} rules={net.rules} canManage={canManage} />
        </Card>
        {canManage && net.configured && (
          <Card title="Announce by hand">
            <AnnounceForm workspaceId={workspace.id} />
          </Card>
        )}
        <Card title="Event log">
          <NetworkEventLog workspaceId={workspace.id} history={history.events} historyError={history.error} />
        </Card>
        {net.prefixes.length > 0 && (
          <Card title="Prefixes">
            <ul className="flex flex-col gap-1 text-sm">
              {net.prefixes.map((p) => (
                <li key={p.prefix}>
                  <span className="font-mono">{p.prefix}</span>{" "}
                  <span className={p.verified ? "text-success" : "text-danger"}>
                    {p.verified ? "verified" : "not verified"}
                  </span>
                  <span className="text-muted"> · {p.note}</span>
                </li>
              ))}
            </ul>
          </Card>
        )}
        {canManage ? (
          <Card title="Settings">
            <NetworkSettingsForm workspaceId={workspace.id} settings={net} />
          </Card>
        ) : (
          <Card title="Settings">
            <p className="text-sm text-muted">
              {net.speakers.length} speaker(s) and {net.providers.length} provider(s). Only admins and owners
              change these settings; credentials are never shown to anyone.
            </p>
          </Card>
        )}
      </div>
    </>
  );
}
