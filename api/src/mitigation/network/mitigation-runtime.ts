import type { VectorFamily } from "@levee/shared/classification/families";
import { appendAudit } from "../../audit/audit-recorder.ts";
import type { Actor } from "../../auth/principal.ts";
import type { AppServices } from "../../context.ts";
import type { Prisma } from "../../generated/prisma/client.ts";
import type { IncidentEventJob } from "../../incidents/incident-event.ts";
import { levelFor, rank } from "./escalation.ts";
import { checkIntent, describeIntent, type Intent, intentKey } from "./intent.ts";
import { buildProvider, buildSpeaker } from "./mitigation-setup.ts";
import {
  loadRules,
  loadSetup,
  type StoredSetup,
  saveRule,
  workspacesWithLiveRules,
} from "./network-mitigation.store.ts";
import { type CallRecord, NetworkMitigator, type WorkspaceMitigation } from "./network-mitigator.ts";
import { covers, isHostPrefix, prefixRange } from "./prefix-set.ts";
import { DEFAULT_LIMITS, RuleQueue } from "./rule-queue.ts";
import type { Speaker } from "./speakers/speaker.ts";
import { matchForVector } from "./vector-match.ts";

export const SYSTEM_ACTOR: Actor = { type: "SYSTEM", id: null, label: "network mitigation" };
const WINDOW_MS = 60_000;

/**
 * Network mitigation inside one API process. The database is the truth: every operation loads
 * the workspace's rules, runs the rule queue, saves each rule before its speakers are called
 * and audits every call. Operations on one workspace run one at a time, in all API processes.
 */
export class NetworkMitigationRuntime {
  private readonly locks = new Map<string, Promise<unknown>>();
  private readonly speakers = new Map<string, Promise<Speaker>>();
  private readonly generations = new Map<Speaker, string | undefined>();

  constructor(private readonly services: AppServices) {}

  /** Runs fn with a mitigator over the workspace's stored rules; undefined when it has no configuration. */
  async withWorkspace<T>(
    workspaceId: string,
    actor: Actor,
    fn: (m: NetworkMitigator, setup: StoredSetup) => Promise<T>,
  ): Promise<T | undefined> {
    const previous = this.locks.get(workspaceId) ?? Promise.resolve();
    // In this process one at a time (a promise chain), and across API processes too (a database
    // lock): two APIs never run the queue of one workspace at once, so none announces, withdraws
    // or counts against the window what the other is doing.
    const run = previous
      .catch(() => {})
      .then(() =>
        this.services.database.exclusive(`network-mitigation:${workspaceId}`, () =>
          this.run(workspaceId, actor, fn),
        ),
      );
    this.locks.set(workspaceId, run);
    try {
      return await run;
    } finally {
      if (this.locks.get(workspaceId) === run) this.locks.delete(workspaceId);
    }
  }

  private async run<T>(
    workspaceId: string,
    actor: Actor,
    fn: (m: NetworkMitigator, setup: StoredSetup) => Promise<T>,
  ) {
    const { prisma } = this.services.database;
    const stored = await loadSetup(prisma, workspaceId);
    if (!stored) return undefined;
    const now = Date.now();
    const queue = new RuleQueue({
      ...DEFAULT_LIMITS,
      windowMs: WINDOW_MS,
      perWindow: stored.announcementsPerMinute,
      maxActive: stored.maxActiveRules,
    });
    queue.restore(await loadRules(prisma, workspaceId, now - WINDOW_MS), now);
    const speakers = await Promise.all(stored.speakers.map((s) => this.speaker(workspaceId, s)));
    // A speaker whose state is one file starts from the stored intended state, not from what this
    // process last wrote: another API process may have changed it since.
    const announced = queue.list(workspaceId).filter((r) => r.state === "ANNOUNCED");
    for (const speaker of speakers)
      speaker.adopt?.(announced.filter((r) => r.intent.kind !== "SCRUBBING").map((r) => r.intent));
    const setup: WorkspaceMitigation = {
      scope: { ownedPrefixes: stored.verifiedPrefixes, safelist: stored.safelist },
      speakers,
      providers: stored.providers.map((p) => buildProvider(p, this.services.secrets, workspaceId)),
    };
    const mitigator = new NetworkMitigator(
      queue,
      (id) => (id === workspaceId ? setup : undefined),
      {
        save: (rule) => saveRule(prisma, rule),
        record: (call) => this.record(call, actor),
        admit: (rules, at) =>
          this.services.networkAnnouncements.take(
            workspaceId,
            rules.map((r) => r.id),
            at,
          ),
      },
      Date.now,
      this.generations,
    );
    return fn(mitigator, stored);
  }

  /** Speakers are kept (GoBGP's gRPC channel, BIRD's rule set) while their configuration is unchanged. */
  private speaker(workspaceId: string, config: StoredSetup["speakers"][number]): Promise<Speaker> {
    const key = `${workspaceId}:${JSON.stringify(config)}`;
    let speaker = this.speakers.get(key);
    if (!speaker) {
      speaker = buildSpeaker(config);
      this.speakers.set(key, speaker);
      speaker.catch(() => this.speakers.delete(key));
    }
    return speaker;
  }

  private async record(call: CallRecord, actor: Actor): Promise<void> {
    const { rule } = call;
    const { prisma } = this.services.database;
    await prisma.$transaction(async (tx) => {
      await saveRule(tx, rule, call.error ?? null);
      await appendAudit(tx, actor, null, {
        action: `mitigation.${call.action.toLowerCase()}`,
        workspaceId: rule.workspaceId,
        target: { type: "NetworkMitigationRule", id: rule.id },
        summary: {
          rule: describeIntent(rule.intent),
          target: call.target,
          request: call.request ?? null,
          error: call.error ?? null,
        },
      });
    });
    this.services.pubsub.publish("networkMitigationEvents", rule.workspaceId, {
      ruleId: rule.id,
      workspaceId: rule.workspaceId,
      kind: call.error ? "FAILED" : call.action === "ANNOUNCE" ? "ANNOUNCED" : "WITHDRAWN",
      target: call.target,
      detail: call.error ?? describeIntent(rule.intent),
      at: new Date().toISOString(),
    });
  }

  /** Incident lifecycle → rules: escalate while it grows and lasts, release when it resolves. */
  async onIncidentEvent(event: IncidentEventJob): Promise<void> {
    if (event.kind === "RESOLVED") {
      await this.withWorkspace(event.workspaceId, SYSTEM_ACTOR, (m) => m.release(event.incidentId));
      return;
    }
    const incident = await this.services.database.prisma.incident.findUnique({
      where: { id: event.incidentId },
      include: INCLUDE_NODE,
    });
    if (incident?.status !== "OPEN") return;
    await this.withWorkspace(event.workspaceId, SYSTEM_ACTOR, (m, setup) =>
      this.evaluate(m, setup, incident),
    );
  }

  /** The level the incident calls for now, as one rule per protected address of its node. */
  private async evaluate(
    m: NetworkMitigator,
    setup: StoredSetup,
    incident: OpenIncidentRow,
    fromTick = false,
  ): Promise<void> {
    const level = levelFor(setup.policy, {
      peakPps: incident.peakPps,
      peakBps: incident.peakBps,
      durationSeconds: (incident.lastAttackAt.getTime() - incident.startedAt.getTime()) / 1000,
    });
    if (!level) return;
    const family = ((incident.classification as { family?: VectorFamily } | null)?.family ??
      null) as VectorFamily | null;
    const targets = incident.node.ownedPrefixes.map(prefixRange).filter((p) => p && isHostPrefix(p));
    for (const target of targets) {
      const intent = intentFor(level, target?.text ?? "", family, setup);
      const checked = intent && checkIntent(intent);
      if (!checked?.ok) continue;
      // Already held at this level for this incident: nothing to do (keeps the tick cheap).
      const key = intentKey(checked.value);
      const held = m.queue
        .list(incident.workspaceId)
        .some(
          (r) =>
            r.state !== "WITHDRAWN" &&
            r.key === key &&
            r.incidentIds.includes(incident.id) &&
            rank(r.level) >= rank(level),
        );
      if (held) continue;
      const result = await m.request({
        workspaceId: incident.workspaceId,
        intent: checked.value,
        incidentId: incident.id,
        ttlSeconds: setup.policy.ttlSeconds,
        escalated: level === "SCRUBBING",
      });
      if (!result.ok && !fromTick)
        this.services.logger.warn(
          { incident: incident.id, problems: result.problems },
          "network mitigation refused a rule",
        );
    }
  }

  /** TTLs and waiting rules (every few seconds), and every speaker against the intended state. */
  async tickAll(reconcile: boolean): Promise<void> {
    if (!reconcile) await this.escalateOpenIncidents();
    for (const workspaceId of await workspacesWithLiveRules(this.services.database.prisma)) {
      await this.withWorkspace(workspaceId, SYSTEM_ACTOR, async (m) => {
        const ticked = await m.tick();
        if (ticked.length > 0)
          this.services.logger.warn({ workspaceId, failures: ticked }, "network mitigation tick failed");
        if (reconcile) {
          const failures = await m.reconcile(workspaceId);
          if (failures.length > 0)
            this.services.logger.warn({ workspaceId, failures }, "network mitigation reconciliation failed");
        }
      });
    }
  }

  /**
   * Escalation by duration: an attack holding steady publishes no new incident event, so the
   * open incidents of configured workspaces are evaluated again on every tick, one workspace
   * operation each (a repeat merges into the existing rule).
   */
  private async escalateOpenIncidents(): Promise<void> {
    const { prisma } = this.services.database;
    const configured = await prisma.networkMitigationConfig.findMany({ select: { workspaceId: true } });
    for (const { workspaceId } of configured) {
      const open = await prisma.incident.findMany({
        where: { status: "OPEN", workspaceId },
        include: INCLUDE_NODE,
      });
      if (open.length === 0) continue;
      await this.withWorkspace(workspaceId, SYSTEM_ACTOR, async (m, setup) => {
        for (const incident of open) await this.evaluate(m, setup, incident, true);
      });
    }
  }
}

const INCLUDE_NODE = { node: { select: { ownedPrefixes: true } } } as const;
type OpenIncidentRow = Prisma.IncidentGetPayload<{ include: typeof INCLUDE_NODE }>;

function intentFor(
  level: string,
  target: string,
  family: VectorFamily | null,
  setup: StoredSetup,
): Intent | undefined {
  if (level === "RTBH") return { kind: "RTBH", prefix: target, nextHop: undefined as never, communities: [] };
  if (level === "SCRUBBING") {
    const host = prefixRange(target);
    const holder = setup.verifiedPrefixes.find((p) => {
      const range = prefixRange(p);
      return range && host && covers(range, host);
    });
    return holder ? { kind: "SCRUBBING", prefix: holder } : undefined;
  }
  const rate = level === "RATE_LIMIT" ? setup.policy.rateLimitBytesPerSecond : 0;
  return { kind: "FLOWSPEC", match: matchForVector(target, { family }), rateBytesPerSecond: rate };
}

const runtimes = new WeakMap<AppServices, NetworkMitigationRuntime>();
export function mitigationRuntime(services: AppServices): NetworkMitigationRuntime {
  let runtime = runtimes.get(services);
  if (!runtime) {
    runtime = new NetworkMitigationRuntime(services);
    runtimes.set(services, runtime);
  }
  return runtime;
}
