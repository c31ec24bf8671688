import {
  actionDefinition,
  describeIssues,
  type Intent,
  type Issue,
  type ProtectedPrefix,
  parseIntent,
  renderIntent,
} from "@levee/shared/firewall";
import { assessRisk } from "./guardrail-report.ts";
import { type IncidentFacts, substitute, variableValues } from "./incident-variables.ts";

export interface PlannedAction {
  /** Parameters after variables and defaults, as the agent will receive them. */
  params: Record<string, unknown> | null;
  issues: Issue[];
  refused: string[];
  warnings: string[];
  /** The exact argv the agent will run, and the undo (sysctl undo shows the value it will read first). */
  apply: string[][];
  undo: string[][];
}

/**
 * One action, planned without running anything (pure): variables substituted, parameters
 * validated by the action type's schema, guardrails applied, argv rendered. Preview, manual
 * runs and rule triggers all go through here, so what is shown is what is sent.
 */
export function planAction(input: {
  id: string;
  slot: number;
  actionType: string;
  params: unknown;
  incident: (IncidentFacts & { spoofed: boolean }) | null;
  protectedList: readonly ProtectedPrefix[];
}): PlannedAction {
  const empty = { params: null, refused: [], warnings: [], apply: [], undo: [] };
  const definition = actionDefinition(input.actionType);
  if (!definition)
    return {
      ...empty,
      issues: [{ path: "actionType", message: `unknown action type "${input.actionType}"` }],
    };
  const values = input.incident ? variableValues(input.incident) : {};
  const { params, missing } = substitute(input.params, values);
  if (missing.length > 0)
    return {
      ...empty,
      issues: [
        {
          path: "params",
          message: `${missing.join(", ")} ${input.incident ? "not known for this incident" : "need an incident"}`,
        },
      ],
    };
  const parsed = parseIntent({ id: input.id, type: input.actionType, slot: input.slot, params });
  if (!parsed.ok) return { ...empty, issues: parsed.issues };
  const intent: Intent = parsed.intent;
  const { refused, warnings } = assessRisk(definition, intent.params, input.protectedList, input.incident);
  const plan = renderIntent(definition, intent);
  return {
    params: intent.params,
    issues: [],
    refused,
    warnings,
    apply: plan.apply.map((c) => c.argv),
    undo: plan.undo.map((c) => c.argv),
  };
}

export const planProblems = (plan: PlannedAction) =>
  plan.issues.length > 0 ? describeIssues(plan.issues) : plan.refused.join("; ");

/** Example values of the right type, to validate a rule's template before any incident exists. */
export const TEMPLATE_FACTS: IncidentFacts & { spoofed: boolean } = {
  family: "DNS_AMPLIFICATION",
  topSources: ["192.0.2.1"],
  targetAddress: "192.0.2.2",
  spoofed: false,
};
