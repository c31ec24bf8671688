import { addressSchema } from "@levee/shared/firewall";
import type { GraphQLContext } from "../../context.ts";
import { AuthenticationError, ValidationError } from "../../errors.ts";
import type { MitigationActionState, Prisma } from "../../generated/prisma/client.ts";
import { type RecordedCommand, recordEvent } from "./mitigation.store.ts";
import { publishMitigation } from "./mitigation-topic.ts";

export interface ReportedCommand {
  argv: string[];
  exitCode: number;
  stderr: string;
}

export interface AgentReport {
  actionId: string;
  kind: string;
  ok: boolean;
  reason?: string | null;
  message?: string | null;
  commands: ReportedCommand[];
  packets?: number | null;
  bytes?: number | null;
}

export interface HostReport {
  managementAddresses: string[];
  gateways: string[];
  apiAddresses: string[];
  capabilities?: unknown;
}

const KINDS = ["APPLIED", "FAILED", "REFUSED", "UNDONE", "DRIFT_REPAIRED", "COUNTERS"];
const MAX_REPORTS = 100;
const MAX_TOKENS = 300;

/** A long argv (a set of thousands of prefixes) is kept readable: its head, and how much was left out. */
const trimmed = (c: ReportedCommand): RecordedCommand => ({
  argv:
    c.argv.length > MAX_TOKENS
      ? [...c.argv.slice(0, MAX_TOKENS), `… ${c.argv.length - MAX_TOKENS} more`]
      : c.argv,
  exitCode: c.exitCode,
  stderr: c.stderr.slice(0, 4000),
});

function nextState(current: MitigationActionState, kind: string): MitigationActionState {
  if (kind === "APPLIED") return current === "PENDING" ? "ACTIVE" : current;
  if (kind === "FAILED") return "FAILED";
  if (kind === "REFUSED") return "REFUSED";
  if (kind === "UNDONE") return "UNDONE";
  return current;
}

/**
 * What the node's agent did: each apply, undo, drift repair (with argv, exit codes, stderr and
 * counters) goes into the action's timeline and the audit chain, in one transaction per report.
 * An agent reports only on its own node's actions; others are ignored.
 */
export async function reportMitigationResults(
  ctx: GraphQLContext,
  host: HostReport | null,
  reports: AgentReport[],
) {
  const { principal } = ctx;
  if (principal.kind !== "agent")
    throw new AuthenticationError("Only an agent key can report mitigation results");
  if (reports.length > MAX_REPORTS)
    throw ValidationError.field("reports", `at most ${MAX_REPORTS} reports a call`);
  if (host) await saveHost(ctx, principal.nodeId, host);
  let recorded = 0;
  for (const report of reports) {
    if (!KINDS.includes(report.kind)) continue;
    const action = await ctx.db.mitigationAction.findUnique({ where: { id: report.actionId } });
    if (!action || action.nodeId !== principal.nodeId) continue;
    const counters = report.packets != null ? { packets: report.packets, bytes: report.bytes ?? null } : {};
    if (report.kind === "COUNTERS") {
      await ctx.db.mitigationAction.update({ where: { id: action.id }, data: counters });
      recorded++;
      continue;
    }
    const state = nextState(action.state, report.kind);
    const updated = await ctx.mutate(async (tx, audit) => {
      const changed = await tx.mitigationAction.update({
        where: { id: action.id },
        data: {
          state,
          ...counters,
          ...(report.kind === "APPLIED" ? { appliedAt: new Date() } : {}),
          ...(report.kind === "UNDONE" ? { undoneAt: new Date() } : {}),
          ...(report.ok ? {} : { message: (report.message ?? "").slice(0, 2000) || null }),
        },
      });
      const commands = report.commands.slice(0, 200).map(trimmed);
      const message = [report.reason, report.message].filter(Boolean).join(": ").slice(0, 2000) || null;
      await recordEvent(tx, changed, report.kind, {
        commands,
        packets: report.packets ?? null,
        bytes: report.bytes ?? null,
        message,
      });
      await audit({
        action: `mitigation.${report.kind.toLowerCase()}`,
        workspaceId: action.workspaceId,
        target: { type: "MitigationAction", id: action.id },
        summary: {
          ok: report.ok,
          reason: report.reason ?? null,
          message,
          commands,
          packets: report.packets ?? null,
          bytes: report.bytes ?? null,
        },
      });
      return changed;
    });
    publishMitigation(ctx, updated, report.kind);
    recorded++;
  }
  return { recorded };
}

async function saveHost(ctx: GraphQLContext, nodeId: string, host: HostReport) {
  const clean = (list: string[], path: string) =>
    list.slice(0, 64).map((value, i) => {
      const parsed = addressSchema.safeParse(value);
      if (!parsed.success) throw ValidationError.field(`host.${path}.${i}`, "not an IP address");
      return parsed.data;
    });
  const data = {
    managementAddresses: clean(host.managementAddresses, "managementAddresses"),
    gateways: clean(host.gateways, "gateways"),
    apiAddresses: clean(host.apiAddresses, "apiAddresses"),
    capabilities: (host.capabilities ?? {}) as Prisma.InputJsonValue,
  };
  await ctx.db.firewallHost.upsert({ where: { nodeId }, create: { nodeId, ...data }, update: data });
}
