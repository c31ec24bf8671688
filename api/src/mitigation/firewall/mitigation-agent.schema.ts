import { builder } from "../../builder.ts";
import { AuthenticationError, mutationErrors } from "../../errors.ts";
import { ReportTelemetryPayload } from "../../telemetry/telemetry.schema.ts";
import { reportMitigationResults } from "./agent-reports.ts";

// The agent's side: the reportTelemetry answer carries every action the node should have in
// place (declarative: the agent undoes what is no longer listed), and the agent reports what
// it ran with reportMitigationResults.

const DirectiveRef = builder
  .objectRef<{
    id: string;
    actionType: string;
    slot: number;
    params: unknown;
    permanent: boolean;
    expiresAt: Date | null;
  }>("MitigationDirective")
  .implement({
    description: "An action the node's agent should have in place (it validates and renders it itself)",
    fields: (t) => ({
      id: t.exposeString("id", { description: "Names Levee's objects on the host (12 of a-z0-9)" }),
      type: t.exposeString("actionType"),
      slot: t.exposeInt("slot"),
      params: t.string({
        resolve: (d) => JSON.stringify(d.params),
        description: "JSON text of the parameters",
      }),
      permanent: t.exposeBoolean("permanent"),
      expiresAt: t.expose("expiresAt", { type: "DateTime", nullable: true }),
    }),
  });

builder.objectField(ReportTelemetryPayload, "mitigation", (t) =>
  t.field({
    type: [DirectiveRef],
    description: "Every firewall action this node should have in place now",
    resolve: async (_payload, _args, ctx) =>
      ctx.principal.kind === "agent"
        ? ((await ctx.telemetry.directives.load(ctx.principal.nodeId)) ?? [])
        : [],
  }),
);

const CommandInput = builder.inputType("MitigationCommandInput", {
  fields: (t) => ({ argv: t.stringList(), exitCode: t.int(), stderr: t.string() }),
});
const ReportInput = builder.inputType("MitigationReportInput", {
  fields: (t) => ({
    actionId: t.string(),
    kind: t.string({ description: "APPLIED, FAILED, REFUSED, UNDONE, DRIFT_REPAIRED or COUNTERS" }),
    ok: t.boolean(),
    reason: t.string({
      required: false,
      description: "Why it was undone: expired, dead-man, withdrawn, requested",
    }),
    message: t.string({ required: false }),
    commands: t.field({ type: [CommandInput] }),
    packets: t.float({ required: false }),
    bytes: t.float({ required: false }),
  }),
});
const HostInput = builder.inputType("FirewallHostInput", {
  fields: (t) => ({
    managementAddresses: t.stringList(),
    gateways: t.stringList(),
    apiAddresses: t.stringList({ description: "The API's addresses as the agent resolves them" }),
    capabilities: t.field({ type: "JSON", required: false }),
  }),
});

const ResultsPayload = builder.objectRef<{ recorded: number }>("ReportMitigationResultsPayload").implement({
  fields: (t) => ({ recorded: t.exposeInt("recorded") }),
});

builder.mutationField("reportMitigationResults", (t) =>
  t.field({
    type: ResultsPayload,
    description:
      "levee-agent reports what it applied, undid or repaired (argv, exit codes, stderr, counters)",
    errors: { types: [AuthenticationError, ...mutationErrors] },
    authScopes: { agent: true },
    args: {
      host: t.arg({ type: HostInput, required: false }),
      reports: t.arg({ type: [ReportInput], required: true }),
    },
    resolve: (_root, { host, reports }, ctx) => reportMitigationResults(ctx, host ?? null, reports),
  }),
);
