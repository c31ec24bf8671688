import { summarizeIncidentText } from "@levee/shared/classification/incident-text";
import {
  classifyWindow,
  IncidentWindow,
  type WindowEntry,
} from "@levee/shared/classification/incident-window";
import type { HotTraffic } from "@levee/shared/classification/rate-gate";
import type { CoreServices } from "../core-services.ts";
import type { Threshold } from "../detection/baseline.ts";
import type { Prisma } from "../generated/prisma/client.ts";
import { recordClassification } from "../incidents/incident.service.ts";
import { describeSources } from "../threat-intel/source-intel.ts";
import { threatIntelFrom, threatIntelIfLoaded } from "../threat-intel/threat-intel.service.ts";

/** An incident is re-classified at most this often while capture summaries arrive. */
const RECLASSIFY_MS = 5_000;
/** An incident nothing was heard of for this long is forgotten (resolved elsewhere). */
const IDLE_MS = 3_600_000;
/** The incidents are looked through for idle ones at most this often. */
const SWEEP_MS = 60_000;

interface Pending {
  nodeId: string;
  workspaceId: string;
  window: IncidentWindow;
  thresholds: readonly Threshold[];
  classifiedAt: number;
  /** Wall-clock ms of the last summary (entries idle for an hour are dropped). */
  seenAt: number;
  family: string | null | undefined;
  dirty: boolean;
  /**
   * The incident's latest sample over a threshold that carried no summary (its end, epoch ms, and
   * its own traffic): the agent did not judge it over a threshold itself (its first samples after
   * enrolment, before any thresholds came; thresholds it had not heard yet), so its capture started
   * on the API's answer, from the ring's packets of the crossing's interval on. Only the latest is
   * kept.
   */
  uncapturedHot?: { endMs: number; traffic: HotTraffic } | undefined;
}

/**
 * Classifies open incidents from the capture summaries their agent sends with each sample: the
 * summaries are merged over the incident's attack window (incident-window.ts), classified (pure classifier), the top sources enriched with threat
 * intelligence, and the result stored on the incident. A new family is announced as UPDATED.
 */
export class IncidentClassifier {
  private readonly incidents = new Map<string, Pending>();
  /** Incidents classified before the threat intelligence was loaded, with their latest state. */
  private readonly awaitingIntel = new Map<string, Pending>();
  private sweptAt = 0;

  constructor(private readonly services: CoreServices) {}

  async observe(
    incident: { id: string; nodeId: string; workspaceId: string },
    entries: WindowEntry[],
    thresholds: readonly Threshold[],
  ): Promise<void> {
    if (entries.length === 0) return;
    this.dropIdle();
    let pending = this.incidents.get(incident.id);
    const window = pending?.window ?? new IncidentWindow();
    const uncapturedHot = pending?.uncapturedHot;
    for (const entry of entries) window.add(reachesBack(entry, window, uncapturedHot));
    pending = {
      nodeId: incident.nodeId,
      workspaceId: incident.workspaceId,
      window,
      thresholds,
      classifiedAt: pending?.classifiedAt ?? 0,
      seenAt: Date.now(),
      family: pending?.family,
      dirty: true,
      uncapturedHot,
    };
    this.incidents.set(incident.id, pending);
    if (Date.now() - pending.classifiedAt >= RECLASSIFY_MS) await this.classifyNow(incident.id, pending);
  }

  /**
   * A sample of the incident over a threshold arrived without a summary (see Pending): the summary
   * that follows, if it reaches back into that sample's interval, is counted as over a threshold,
   * at that sample's own rates.
   */
  noteUncapturedHot(
    incident: { id: string; nodeId: string; workspaceId: string },
    endMs: number,
    traffic: HotTraffic,
  ): void {
    // An agent that never captures only ever comes here: its incidents resolved elsewhere are
    // forgotten here too.
    this.dropIdle();
    const pending = this.incidents.get(incident.id);
    if (pending) {
      if (endMs > (pending.uncapturedHot?.endMs ?? Number.NEGATIVE_INFINITY))
        pending.uncapturedHot = { endMs, traffic };
      pending.seenAt = Date.now();
      return;
    }
    this.incidents.set(incident.id, {
      nodeId: incident.nodeId,
      workspaceId: incident.workspaceId,
      window: new IncidentWindow(),
      thresholds: [],
      classifiedAt: 0,
      seenAt: Date.now(),
      family: undefined,
      dirty: false,
      uncapturedHot: { endMs, traffic },
    });
  }

  /**
   * Incidents resolved elsewhere (another instance, the stale sweep) never call finish. Looked
   * through once a minute, not on every sample: every node under attack sends one a second.
   */
  private dropIdle(now = Date.now()): void {
    if (now - this.sweptAt < SWEEP_MS) return;
    this.sweptAt = now;
    for (const [id, pending] of this.incidents) if (now - pending.seenAt > IDLE_MS) this.incidents.delete(id);
  }

  /** The incident resolved: store the final classification and forget it. */
  async finish(incidentId: string): Promise<void> {
    const pending = this.incidents.get(incidentId);
    this.incidents.delete(incidentId);
    if (pending?.dirty) await this.classifyNow(incidentId, pending);
  }

  /**
   * Classifies again (sources enriched) once the threat intelligence is loaded: once per
   * incident, with its latest state (observe() replaces an incident's Pending on every call, so
   * the one to use is the last classified, not the one that asked first; a finished incident's
   * last state is still enriched, without announcing a family again).
   */
  private enrichLater(incidentId: string, pending: Pending): void {
    const waiting = this.awaitingIntel.has(incidentId);
    this.awaitingIntel.set(incidentId, pending);
    if (waiting) return;
    const { threatIntelDir } = this.services.config;
    threatIntelFrom(threatIntelDir, this.services.logger)
      .then(() => {
        const latest = this.awaitingIntel.get(incidentId);
        this.awaitingIntel.delete(incidentId);
        if (latest) return this.classifyNow(incidentId, latest);
      })
      .catch((error) => {
        this.awaitingIntel.delete(incidentId);
        this.services.logger.error({ err: error, incidentId }, "classifying with threat intelligence failed");
      });
  }

  private async classifyNow(incidentId: string, pending: Pending): Promise<void> {
    pending.classifiedAt = Date.now();
    pending.dirty = false;
    if (!pending.window.hasAttack) return;
    const node = await this.services.database.prisma.node.findUnique({
      where: { id: pending.nodeId },
      select: { ownedPrefixes: true },
    });
    const classified = classifyWindow(pending.window, pending.thresholds, node?.ownedPrefixes ?? []);
    if (!classified) return;
    const { summary, classification } = classified;
    // Never waited for here: classification runs inside the agent's telemetry call, and the
    // first load of the threat intelligence (seconds) held that node's answers back for as long.
    const intel = threatIntelIfLoaded(this.services.config.threatIntelDir, this.services.logger);
    if (!intel) this.enrichLater(incidentId, pending);
    const sources = intel
      ? describeSources(intel, classification.topSources)
      : classification.topSources.map(({ ip }) => unknownSource(ip));
    const stored = {
      ...classification,
      topSources: classification.topSources.map((s, i) => ({ ...s, ...sources[i] })),
      summary: summarizeIncidentText(classification),
      seconds: summary.seconds ?? null,
      classifiedAt: new Date(pending.classifiedAt).toISOString(),
    };
    const familyChanged = classification.family !== pending.family;
    pending.family = classification.family;
    await recordClassification(
      this.services,
      { nodeId: pending.nodeId, workspaceId: pending.workspaceId },
      incidentId,
      stored as unknown as Prisma.InputJsonValue,
      familyChanged,
    );
  }
}

/**
 * An entry whose summary began inside the interval of a sample over a threshold that had none,
 * while the window has no attack yet, is that sample's evidence: a capture the API's answer started
 * summarises the ring's packets from the interval of the sample that crossed and rides on the next
 * sample the agent reads (a later one when the answer came late), which may be calm (a one-second
 * burst in an agent's first seconds). Counted as calm, it left the incident
 * unclassified. It counts at the crossing sample's own rates: the ring holds its last 500 packets,
 * which give the attack's shape, not its rate. A summary of the next interval alone (the ring had
 * nothing of the crossing) is not that evidence.
 */
function reachesBack(
  entry: WindowEntry,
  window: IncidentWindow,
  uncaptured: { endMs: number; traffic: HotTraffic } | undefined,
): WindowEntry {
  if (entry.hot || window.hasAttack || !uncaptured) return entry;
  const startMs = entry.endMs - (entry.summary.seconds ?? 1) * 1000;
  if (startMs >= uncaptured.endMs || entry.endMs <= uncaptured.endMs) return entry;
  return { ...entry, hot: true, traffic: uncaptured.traffic };
}

/** A top source before the threat intelligence is loaded: nothing known about it yet. */
function unknownSource(ip: string) {
  return { ip, country: null, asn: null, asOrg: null, knownBad: false, lists: [] };
}
