import {
  type ActionDefinition,
  type Check,
  type Command,
  type Counters,
  checkGuardrails,
  describeIssues,
  type Intent,
  type Plan,
  type ProtectedPrefix,
  parseCounters,
  parseIntent,
  renderIntent,
  sumCounters,
} from "@levee/shared/firewall";
import type { Logger } from "../log.ts";
import type { CommandResult, RunCommand } from "./command-runner.ts";
import type { AppliedAction, FirewallState } from "./firewall-state.ts";
import type { RemovalReason } from "./lifetime.ts";
import { removeOrphans, removeUnusedShared } from "./shared-objects.ts";

export type ReportKind = "APPLIED" | "FAILED" | "REFUSED" | "UNDONE" | "DRIFT_REPAIRED" | "COUNTERS";

/** One thing the executor did, sent to the API (timeline + audit) with the commands it ran. */
export interface ActionReport {
  id: string;
  kind: ReportKind;
  ok: boolean;
  reason?: string;
  message?: string;
  commands: CommandResult[];
  counters?: Counters;
  at: string;
}

export interface Lifetime {
  permanent: boolean;
  expiresAt: number | null;
}

const ALREADY_EXISTS = /exist|Exclusivity flag on/i;

/**
 * Applies and undoes firewall intents on this host. Everything it runs is rendered here from
 * an intent validated here (the API's word is not enough), checked against local guardrails
 * (the API's address, the gateway, the local safelist), and confined to Levee's own objects.
 * Operations run one at a time.
 */
export class FirewallExecutor {
  private chain: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly options: {
      state: FirewallState;
      run: RunCommand;
      protectedPrefixes: () => ProtectedPrefix[];
      logger: Logger;
    },
  ) {}

  get applied(): readonly AppliedAction[] {
    return this.options.state.data.applied;
  }

  apply(raw: unknown, lifetime: Lifetime): Promise<ActionReport> {
    return this.serial(() => this.applyNow(raw, lifetime));
  }

  undo(id: string, reason: RemovalReason | "requested"): Promise<ActionReport | undefined> {
    return this.serial(() => this.undoNow(id, reason));
  }

  /** Re-reads Levee's own objects; anything missing or changed is rebuilt; leftovers removed. */
  reconcile(): Promise<ActionReport[]> {
    return this.serial(async () => {
      const reports: ActionReport[] = [];
      // A host Levee never touched has nothing of Levee's to check (and no program is run).
      if (!this.options.state.data.touched) return reports;
      for (const action of [...this.applied]) {
        const plan = this.plan(action);
        const failed: CommandResult[] = [];
        for (const check of plan.checks) {
          const result = await this.options.run({ argv: check.argv });
          if (!checkPasses(check, result)) failed.push(result);
        }
        if (failed.length === 0) continue;
        await this.runAll(plan.undo, true);
        const repair = await this.runAll(plan.apply, false);
        const ok = repair.every((r) => r.exitCode === 0);
        this.options.logger.warn("firewall drift found and repaired", { id: action.intent.id, ok });
        reports.push(
          this.report(action.intent.id, "DRIFT_REPAIRED", ok, [...failed, ...repair], {
            message: `${failed.length} check(s) failed: ${failed.map((f) => f.argv.join(" ")).join("; ")}`,
          }),
        );
      }
      const orphans = await removeOrphans(this.options.run, this.applied);
      if (orphans.length > 0)
        reports.push(
          this.report("orphans", "DRIFT_REPAIRED", true, orphans, {
            message: "removed Levee objects no action owns",
          }),
        );
      return reports;
    });
  }

  /** Reads the counters of every applied action (packets/bytes its rules dropped). */
  readAllCounters(): Promise<ActionReport[]> {
    return this.serial(async () => {
      const reports: ActionReport[] = [];
      for (const action of this.applied) {
        const counters = await this.counters(this.plan(action));
        if (!counters) continue;
        action.counters = counters;
        reports.push(this.report(action.intent.id, "COUNTERS", true, [], { counters }));
      }
      this.options.state.save();
      return reports;
    });
  }

  private async applyNow(raw: unknown, lifetime: Lifetime): Promise<ActionReport> {
    const parsed = parseIntent(raw);
    const id =
      typeof (raw as { id?: unknown })?.id === "string"
        ? String((raw as { id: string }).id).slice(0, 12)
        : "invalid";
    if (!parsed.ok) return this.report(id, "REFUSED", false, [], { message: describeIssues(parsed.issues) });
    const { intent, definition } = parsed;
    if (this.options.state.find(intent.id))
      return this.report(intent.id, "APPLIED", true, [], { message: "already applied" });
    const verdict = checkGuardrails(definition, intent.params, this.options.protectedPrefixes());
    if (verdict.refused.length > 0)
      return this.report(intent.id, "REFUSED", false, [], { message: verdict.refused.join("; ") });
    if (
      definition.backend === "tc" &&
      this.applied.some((a) => a.intent.slot === intent.slot && isTc(a.intent))
    )
      return this.report(intent.id, "REFUSED", false, [], { message: `tc slot ${intent.slot} is in use` });

    if (!this.options.state.data.touched) {
      this.options.state.data.touched = true;
      this.options.state.save();
    }
    const commands: CommandResult[] = [];
    let remembered: string | undefined;
    const preview = renderIntent(definition, intent);
    if (preview.remember) {
      const read = await this.options.run({ argv: preview.remember.argv });
      commands.push(read);
      remembered = read.stdout.trim();
      if (read.exitCode !== 0 || !/^\d{1,9}$/.test(remembered))
        return this.report(intent.id, "FAILED", false, commands, {
          message: "cannot read the current value",
        });
    }
    const plan = renderIntent(definition, intent, remembered);
    const created: string[] = [];
    for (const command of plan.apply) {
      const result = await this.options.run(command);
      commands.push(result);
      if (command.existsOk) {
        if (result.exitCode === 0) created.push(sharedKey(command));
        else if (ALREADY_EXISTS.test(result.stderr)) continue;
      }
      if (result.exitCode === 0) continue;
      // Half-applied: take back what went in, leave nothing of ours behind.
      commands.push(...(await this.runAll(plan.undo, true)));
      this.options.state.data.createdShared.push(...created);
      commands.push(...(await removeUnusedShared(this.options.run, this.options.state)));
      this.options.state.save();
      return this.report(intent.id, "FAILED", false, commands, {
        message: result.stderr.trim() || `exit ${result.exitCode}`,
      });
    }
    const action: AppliedAction = {
      intent,
      ...lifetime,
      appliedAt: Date.now(),
      ...(remembered !== undefined ? { remembered } : {}),
    };
    this.options.state.data.applied.push(action);
    this.options.state.data.createdShared.push(...created);
    this.options.state.save();
    this.options.logger.info("firewall action applied", { id: intent.id, type: intent.type });
    return this.report(intent.id, "APPLIED", true, commands, { counters: { packets: 0, bytes: 0 } });
  }

  private async undoNow(id: string, reason: string): Promise<ActionReport | undefined> {
    const action = this.options.state.find(id);
    if (!action) return undefined;
    const plan = this.plan(action);
    const counters = await this.counters(plan);
    const commands = await this.runAll(plan.undo, false);
    const state = this.options.state.data;
    state.applied = state.applied.filter((a) => a !== action);
    commands.push(...(await removeUnusedShared(this.options.run, this.options.state)));
    this.options.state.save();
    const ok = commands.every((c) => c.exitCode === 0);
    this.options.logger.info("firewall action undone", { id, reason, ok });
    return this.report(id, "UNDONE", ok, commands, { reason, ...(counters ? { counters } : {}) });
  }

  private plan(action: AppliedAction): Plan {
    return renderIntent(this.definition(action.intent), action.intent, action.remembered);
  }

  private definition(intent: Intent): ActionDefinition {
    const parsed = parseIntent(intent);
    if (!parsed.ok)
      throw new Error(`stored action ${intent.id} no longer validates: ${describeIssues(parsed.issues)}`);
    return parsed.definition;
  }

  private async counters(plan: Plan): Promise<Counters | undefined> {
    if (plan.counters.length === 0) return undefined;
    const list: Counters[] = [];
    for (const reader of plan.counters) {
      const result = await this.options.run({ argv: reader.argv });
      if (result.exitCode !== 0) return undefined;
      try {
        list.push(parseCounters(reader, result.stdout));
      } catch {
        return undefined;
      }
    }
    return sumCounters(list);
  }

  /** Runs every command; `quiet` hides the results (a best-effort cleanup, nothing to report). */
  private async runAll(commands: Command[], quiet: boolean): Promise<CommandResult[]> {
    const results: CommandResult[] = [];
    for (const command of commands) results.push(await this.options.run(command));
    return quiet ? [] : results;
  }

  private report(
    id: string,
    kind: ReportKind,
    ok: boolean,
    commands: CommandResult[],
    extra: { message?: string; reason?: string; counters?: Counters } = {},
  ): ActionReport {
    return { id, kind, ok, commands, ...extra, at: new Date().toISOString() };
  }

  private serial<T>(work: () => Promise<T>): Promise<T> {
    const next = this.chain.then(work, work);
    this.chain = next.catch(() => undefined);
    return next;
  }
}

const isTc = (intent: Intent) => intent.type.startsWith("TC_");
const sharedKey = (command: Command) => `tc-ingress:${command.argv[command.argv.indexOf("dev") + 1]}`;

export function checkPasses(check: Check, result: CommandResult): boolean {
  if (result.exitCode !== 0) return false;
  switch (check.expect) {
    case "success":
      return true;
    case "output":
      return result.stdout.includes(check.includes);
    case "equals":
      return result.stdout.trim() === check.value;
    case "iptables-rules":
      return result.stdout.split("\n").filter((line) => line.startsWith("-A ")).length === check.rules;
    case "nft-rules":
      try {
        const items =
          (JSON.parse(result.stdout) as { nftables?: { rule?: { chain?: string } }[] }).nftables ?? [];
        return items.filter((i) => i.rule?.chain === check.chain).length === check.rules;
      } catch {
        return false;
      }
  }
}
