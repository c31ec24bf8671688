import { roleCan } from "@levee/shared/auth/permissions";
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { UptimeBars } from "@/components/charts/uptime-bars";
import { BaselinePanel } from "@/components/nodes/baseline-panel";
import { DeleteNode } from "@/components/nodes/delete-node";
import { NodeInterface } from "@/components/nodes/node-interface";
import { NodeLastSeen } from "@/components/nodes/node-last-seen";
import { NodeSettingsForm } from "@/components/nodes/node-settings-form";
import { NodeTrafficPanel } from "@/components/nodes/node-traffic-panel";
import { SeasonalWeekChart } from "@/components/nodes/seasonal-week-chart";
import { ThresholdForm } from "@/components/nodes/threshold-form";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { linkClass } from "@/components/ui/styles";
import { LIVE_SECONDS } from "@/lib/charts/live-window";
import { formatPercent } from "@/lib/format/units";
import { load } from "@/lib/graphql/load";
import { NodeDetailQuery, NodeTrafficQuery } from "@/lib/graphql/operations/nodes";
import { interfaceField, interfaceSummary } from "@/lib/nodes/node-interface";
import { canDeleteNode, canUpdateNode } from "@/lib/nodes/node-settings";

export const metadata: Metadata = { title: "Node" };

export default async function NodePage({
  params,
}: Readonly<{ params: Promise<{ workspace: string; nodeId: string }> }>) {
  const { workspace: slug, nodeId } = await params;
  const id = decodeURIComponent(nodeId);
  const from = new Date(Date.now() - LIVE_SECONDS * 1000).toISOString();
  const [{ node }, traffic] = await Promise.all([
    load(NodeDetailQuery, { id }),
    load(NodeTrafficQuery, { id, from, resolution: "SECOND" }),
  ]);
  // Not a node, or a node of another workspace than the one in the URL: the same 404 as an unknown id.
  if (node?.__typename !== "MonitoredNode" || node.workspace.slug !== slug) notFound();
  const history = traffic.node && "traffic" in traffic.node ? traffic.node.traffic.points : [];
  const pps = node.detection.thresholds.find((t) => t.metric === "PPS")?.threshold ?? 0;
  const learning = node.baselines.some((b) => b.metric === "PPS" && b.learning);
  const manual = Object.fromEntries(
    node.baselines.filter((b) => b.source === "MANUAL").map((b) => [b.metric, b.threshold]),
  );
  // node:update (ANALYST and up) sets thresholds; past the ceiling the API asks for detection:override.
  const canTune = roleCan(node.workspace.viewerRole, "node:update");
  const canUpdate = canUpdateNode(node.workspace.viewerRole);
  const canDelete = canDeleteNode(node.workspace.viewerRole);
  return (
    <>
      <PageHeader
        title={node.name}
        subtitle={
          <>
            {node.hostname ?? "no hostname yet"} ·{" "}
            <NodeInterface nodeId={node.id} workspaceId={node.workspace.id}>
              {interfaceSummary(node)}
            </NodeInterface>{" "}
            · agent {node.agentVersion ?? "not enrolled"} · last seen{" "}
            <NodeLastSeen nodeId={node.id} stored={node.lastSeenAt} />
          </>
        }
        actions={
          node.detection.incidentId ? (
            <Link
              href={`/w/${slug}/incidents/${encodeURIComponent(node.detection.incidentId)}`}
              className={linkClass}
            >
              Open incident →
            </Link>
          ) : null
        }
      />
      <div className="flex flex-col gap-6">
        <NodeTrafficPanel
          nodeId={node.id}
          status={node.status}
          learning={learning}
          initialState={node.detection.state}
          ppsThreshold={pps}
          history={history}
        />
        <Card title="Uptime, last 30 days">
          <div className="mb-3 flex flex-wrap gap-6 text-sm">
            <p>
              <span className="text-2xl font-semibold tabular-nums">
                {formatPercent(node.uptime.uptimePercent)}
              </span>{" "}
              <span className="text-muted">online</span>
            </p>
            <p>
              <span className="text-2xl font-semibold tabular-nums">{node.uptime.attackMinutes}</span>{" "}
              <span className="text-muted">minutes under attack</span>
            </p>
          </div>
          <UptimeBars days={node.uptime.days} />
        </Card>
        <div className="grid gap-6 xl:grid-cols-[minmax(0,2fr)_minmax(0,1fr)]">
          <BaselinePanel baselines={node.baselines} multiplier={node.detectionMultiplier} />
          {canTune ? (
            <ThresholdForm
              nodeId={node.id}
              multiplier={node.detectionMultiplier}
              manual={manual}
              mayOverride={roleCan(node.workspace.viewerRole, "detection:override")}
            />
          ) : (
            <Card title="Override detection">
              <p className="text-sm text-muted">
                Analysts, admins and owners can change this node's thresholds.
              </p>
            </Card>
          )}
        </div>
        <SeasonalWeekChart
          hours={node.seasonalWeek}
          multiplier={node.detectionMultiplier}
          timeZone={node.workspace.timeZone}
          fixedPps={manual.PPS}
        />
        {(canUpdate || canDelete) && (
          <Card title="Node settings">
            <div className="flex flex-col gap-5">
              {canUpdate && (
                <NodeSettingsForm
                  nodeId={node.id}
                  initial={{
                    name: node.name,
                    interface: node.interface,
                    labels: node.labels,
                    ownedPrefixes: node.ownedPrefixes,
                  }}
                  interfaceRules={interfaceField(node)}
                />
              )}
              {canDelete && <DeleteNode nodeId={node.id} name={node.name} slug={slug} />}
            </div>
          </Card>
        )}
      </div>
    </>
  );
}
