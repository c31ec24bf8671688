import type { Logger } from "../log.ts";
import type { ActionReport, FirewallExecutor } from "./executor.ts";
import type { FirewallState } from "./firewall-state.ts";
import { dueForRemoval } from "./lifetime.ts";

/** One action the API wants active on this node (from the reportTelemetry answer). */
export interface MitigationDirective {
  id: string;
  type: string;
  slot: number;
  /** JSON text of the parameters (validated here before anything runs). */
  params: string;
  permanent: boolean;
  expiresAt: string | null;
}

export interface ControllerOptions {
  executor: FirewallExecutor;
  state: FirewallState;
  logger: Logger;
  /** Sends reports to the API; throws when it cannot (they stay queued). */
  send(reports: ActionReport[]): Promise<void>;
  deadManMs: number;
  reconcileIntervalMs: number;
  countersIntervalMs?: number;
  now?: () => number;
}

const MAX_OUTBOX = 500;

/**
 * Keeps the host's Levee rules equal to what the API wants (declarative: the API's answer lists
 * every action that should be active; anything else Levee applied is undone), and enforces
 * lifetimes locally so they hold without the API: TTL expiry, and the dead-man switch, which
 * removes non-permanent actions when the API has been silent for `deadManMs` — a rule that
 * cut the node off its API removes itself. Reconciles and reads counters on a timer.
 */
export class FirewallController {
  private timer: NodeJS.Timeout | undefined;
  private working: Promise<void> = Promise.resolve();
  private pending: MitigationDirective[] | undefined;
  private lastReconcile = 0;
  private lastCounters = 0;
  private lastSaved = 0;
  /** Counter readings queued since the state was last saved. */
  private unsaved = false;
  private readonly now: () => number;

  constructor(private readonly options: ControllerOptions) {
    this.now = options.now ?? Date.now;
  }

  /** Unsent reports live in the state file, so they outlive the process. */
  private get outbox(): ActionReport[] {
    this.options.state.data.outbox ??= [];
    return this.options.state.data.outbox;
  }

  private set outbox(reports: ActionReport[]) {
    this.options.state.data.outbox = reports;
  }

  start(tickMs = 1000): void {
    this.lastReconcile = this.now();
    this.timer = setInterval(() => void this.tick(), tickMs);
    this.timer.unref();
  }

  stop(): Promise<void> {
    clearInterval(this.timer);
    return this.working;
  }

  /** The API answered: it is in touch, and this is the set of actions it wants. */
  onDirectives(directives: MitigationDirective[] | undefined): Promise<void> {
    const { state } = this.options;
    state.data.lastContactAt = this.now();
    // Contact is saved at most every 5 s: enough for the dead-man to survive a restart.
    if (this.now() - this.lastSaved > 5000) {
      state.save();
      this.lastSaved = this.now();
    }
    if (directives === undefined) return this.working;
    this.pending = directives;
    this.working = this.working.then(() => this.sync());
    return this.working;
  }

  /** Lifetimes, reconciliation and counters; also retries reports the API did not take. */
  tick(): Promise<void> {
    this.working = this.working.then(async () => {
      const { executor, state, deadManMs, reconcileIntervalMs } = this.options;
      const now = this.now();
      const entries = executor.applied.map((a) => ({
        id: a.intent.id,
        permanent: a.permanent,
        expiresAt: a.expiresAt,
      }));
      for (const { id, reason } of dueForRemoval(entries, now, state.data.lastContactAt, deadManMs)) {
        if (reason === "dead-man")
          this.options.logger.warn("no word from the API: dead-man switch removes the action", { id });
        this.queue(await executor.undo(id, reason));
      }
      if (now - this.lastReconcile >= reconcileIntervalMs) {
        this.lastReconcile = now;
        for (const report of await executor.reconcile()) this.queue(report);
      }
      if (
        executor.applied.length > 0 &&
        now - this.lastCounters >= (this.options.countersIntervalMs ?? 10_000)
      ) {
        this.lastCounters = now;
        for (const report of await executor.readAllCounters()) this.queue(report);
      }
      await this.flush();
    });
    return this.working;
  }

  private async sync(): Promise<void> {
    const directives = this.pending;
    this.pending = undefined;
    if (!directives) return;
    const { executor, state } = this.options;
    const wanted = new Set(directives.map((d) => d.id));
    for (const applied of [...executor.applied])
      if (!wanted.has(applied.intent.id)) this.queue(await executor.undo(applied.intent.id, "withdrawn"));
    state.data.failed = state.data.failed.filter((id) => wanted.has(id));
    for (const directive of directives) {
      if (state.find(directive.id) || state.data.failed.includes(directive.id)) continue;
      const expiresAt = directive.expiresAt === null ? null : Date.parse(directive.expiresAt);
      if (expiresAt !== null && (!Number.isFinite(expiresAt) || expiresAt <= this.now())) continue;
      let params: unknown;
      try {
        params = JSON.parse(directive.params);
      } catch {
        params = undefined;
      }
      const intent = { id: directive.id, type: directive.type, slot: directive.slot, params };
      const report = await executor.apply(intent, { permanent: directive.permanent, expiresAt });
      if (!report.ok) state.data.failed.push(directive.id);
      this.queue(report);
    }
    await this.flush();
  }

  /**
   * Every apply, undo, refusal and repair is saved with the state before anything else happens
   * (a kill -9 right after the kernel changed still reports it); counter readings, which come
   * every few seconds and replace each other, are saved when the outbox is next flushed.
   */
  private queue(report: ActionReport | undefined): void {
    if (!report) return;
    // Counter readings replace the previous unsent reading of the same action.
    if (report.kind === "COUNTERS")
      this.outbox = this.outbox.filter((r) => !(r.kind === "COUNTERS" && r.id === report.id));
    this.outbox.push(report);
    if (this.outbox.length > MAX_OUTBOX) this.outbox.splice(0, this.outbox.length - MAX_OUTBOX);
    if (report.kind !== "COUNTERS") this.options.state.save();
    else this.unsaved = true;
  }

  private async flush(): Promise<void> {
    if (this.unsaved) {
      this.unsaved = false;
      this.options.state.save();
    }
    if (this.outbox.length === 0) return;
    const batch = this.outbox.slice(0, 50);
    try {
      await this.options.send(batch);
      this.outbox = this.outbox.filter((r) => !batch.includes(r));
      this.options.state.save();
    } catch (error) {
      this.options.logger.debug("mitigation reports not delivered; retrying", {
        err: (error as Error).message,
      });
    }
  }
}
