import { roleCan } from "@levee/shared/auth/permissions";
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { AcknowledgeIncident } from "@/components/incidents/acknowledge-incident";
import { ClassificationPanel } from "@/components/incidents/classification-panel";
import { IncidentPublicUpdates } from "@/components/incidents/incident-public-updates";
import {
  IncidentAlertsPanel,
  IncidentMitigationPanel,
} from "@/components/incidents/incident-response-panels";
import { LiveDuration } from "@/components/incidents/live-duration";
import { LiveTimelineChart } from "@/components/incidents/live-timeline-chart";
import { TimelineChart } from "@/components/incidents/timeline-chart";
import { MitigationLive } from "@/components/mitigation/mitigation-live";
import { LiveRefresh } from "@/components/shell/live-refresh";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/feedback";
import { PageHeader } from "@/components/ui/page-header";
import { Stat } from "@/components/ui/stat";
import { IncidentStatusBadge, SeverityBadge } from "@/components/ui/status-pill";
import { buttonPrimary, linkClass } from "@/components/ui/styles";
import { metricLabel } from "@/lib/format/metrics";
import { formatBytes, formatTime } from "@/lib/format/units";
import { load } from "@/lib/graphql/load";
import { IncidentDetailQuery } from "@/lib/graphql/operations/incidents";
import { familyLabel } from "@/lib/incidents/families";
import { peakStats } from "@/lib/incidents/trigger-peaks";

export const metadata: Metadata = { title: "Incident" };

export default async function IncidentPage({
  params,
}: Readonly<{ params: Promise<{ workspace: string; incidentId: string }> }>) {
  const { workspace: slug, incidentId } = await params;
  const { node: incident } = await load(IncidentDetailQuery, { id: decodeURIComponent(incidentId) });
  if (incident?.__typename !== "Incident" || incident.workspace.slug !== slug) notFound();
  // `thresholds` is JSON: { PPS: { threshold, source }, … } as in force when the incident opened.
  const thresholds = (incident.thresholds ?? {}) as Record<string, { threshold?: number } | undefined>;
  const ppsThreshold = Number(thresholds.PPS?.threshold ?? 0);
  const open = incident.status === "OPEN";
  return (
    <>
      {open && <LiveRefresh workspaceId={incident.workspace.id} />}
      {/* Undo steps arrive after resolution too, so the mitigation timeline stays live on closed incidents. */}
      <MitigationLive workspaceId={incident.workspace.id} />
      <PageHeader
        title={
          <span className="flex flex-wrap items-center gap-3">
            {familyLabel(incident.classification?.family)} on {incident.node.name}
            <SeverityBadge severity={incident.severity} />
            <span data-testid="incident-status">
              <IncidentStatusBadge status={incident.status} />
            </span>
          </span>
        }
        subtitle={
          <>
            Started {formatTime(incident.startedAt)}
            {incident.endedAt ? `, ended ${formatTime(incident.endedAt)}` : ", still open"} ·{" "}
            <Link href={`/w/${slug}/nodes/${encodeURIComponent(incident.node.id)}`} className={linkClass}>
              {incident.node.name}
            </Link>
            {incident.attack.nodeCount > 1 && ` · part of an attack on ${incident.attack.nodeCount} nodes`}
          </>
        }
        actions={
          <AcknowledgeIncident
            incidentId={incident.id}
            acknowledgedAt={incident.acknowledgedAt}
            acknowledgedBy={incident.acknowledgedBy}
            open={open}
            role={incident.workspace.viewerRole}
          />
        }
      />
      <div className="grid grid-cols-2 gap-3 md:grid-cols-4">
        {/* The peaks of what triggered it, the main one first (highest peak / threshold); the interface's
            packets/s and bits/s for an incident stored before those were kept. */}
        {peakStats(incident).map((peak, i) => (
          <Stat
            key={peak.label}
            label={peak.label}
            value={peak.value}
            hint={peak.hint}
            tone={i === 0 ? "danger" : "text"}
          />
        ))}
        <Stat
          label="Duration"
          value={<LiveDuration seconds={incident.durationSeconds} open={open} />}
          hint={open ? "and counting" : undefined}
        />
        <Stat
          label="Triggered by"
          value={<span className="text-base">{incident.triggerMetrics.map(metricLabel).join(", ")}</span>}
        />
      </div>
      <div className="mt-6 flex flex-col gap-6">
        <Card title="Timeline">
          {/* Open: the node's seconds, live (the stored timeline is saved every 60 samples). Closed: as stored. */}
          {open ? (
            <LiveTimelineChart
              nodeId={incident.node.id}
              startedAt={incident.startedAt}
              stored={incident.timeline}
              threshold={ppsThreshold}
            />
          ) : incident.timeline.length === 0 ? (
            <EmptyState title="No timeline yet" />
          ) : (
            <TimelineChart points={incident.timeline} threshold={ppsThreshold} />
          )}
        </Card>
        <ClassificationPanel classification={incident.classification} resolved={!open} />
        <IncidentMitigationPanel
          incidentId={incident.id}
          workspaceId={incident.workspace.id}
          workspaceSlug={slug}
          nodeId={incident.node.id}
          nodeName={incident.node.name}
          canManage={roleCan(incident.workspace.viewerRole, "mitigation:manage")}
        />
        <IncidentAlertsPanel incidentId={incident.id} />
        <IncidentPublicUpdates
          incidentId={incident.id}
          workspaceSlug={slug}
          statusPagePath={incident.statusPagePath}
          updates={incident.publicUpdates}
          role={incident.workspace.viewerRole}
        />
        <Card title="Packet capture">
          {incident.pcap ? (
            <div className="flex flex-wrap items-center justify-between gap-4">
              <p className="text-sm">
                {incident.pcap.packets.toLocaleString("en")} packets ({incident.pcap.preBufferPackets} before
                the attack began) · {formatBytes(incident.pcap.sizeBytes)} · kept until{" "}
                {formatTime(incident.pcap.expiresAt)}
                <span className="mt-1 block font-mono text-xs break-all text-muted">
                  sha256 {incident.pcap.sha256}
                </span>
              </p>
              <a
                href={incident.pcap.downloadUrl}
                download
                className={buttonPrimary}
                data-testid="pcap-download"
              >
                Download pcap
              </a>
            </div>
          ) : (
            <EmptyState title="No capture yet">
              The agent uploads the capture (the packets before the attack, then the attack) when the incident
              resolves.
            </EmptyState>
          )}
        </Card>
      </div>
    </>
  );
}
