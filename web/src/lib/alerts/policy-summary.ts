// An escalation policy in words, for its row on the Alerts page: what it matches, its steps by channel name
// with their delays, and its repeats. Pure, for node:test.
import { formatDuration } from "../format/units";
import { familyLabel } from "../incidents/families";
import { SEVERITY_LABEL } from "./policy-form";

export interface PolicyMatchers {
  severities: readonly string[];
  families: readonly string[];
  nodeLabels: readonly { key: string; value: string }[];
}

export interface PolicySteps {
  steps: readonly { channelIds: readonly string[]; delaySeconds: number }[];
  repeat: number;
  repeatAfterSeconds: number;
}

const severityLabel = (s: string) => SEVERITY_LABEL[s as keyof typeof SEVERITY_LABEL] ?? s;

/** One line per kind of matcher the policy sets; empty lists match any, so none at all is "Any incident". */
export function matchLines(policy: PolicyMatchers): string[] {
  const lines = [
    policy.severities.length > 0 && `Severity: ${policy.severities.map(severityLabel).join(", ")}`,
    policy.families.length > 0 && `Family: ${policy.families.map(familyLabel).join(", ")}`,
    policy.nodeLabels.length > 0 &&
      `Node labels: ${policy.nodeLabels.map((l) => `${l.key}=${l.value}`).join(", ")}`,
  ].filter((line): line is string => Boolean(line));
  return lines.length > 0 ? lines : ["Any incident"];
}

/**
 * Each step as "1. At once: NOC, Slack" / "2. 5 min later: PagerDuty": its delay counts from the previous
 * step (the first's from the incident opening). A channel deleted since is named as such.
 */
export function stepLines(policy: PolicySteps, channelName: (id: string) => string | undefined): string[] {
  return policy.steps.map((step, i) => {
    const when =
      step.delaySeconds === 0
        ? i === 0
          ? "At once"
          : "With the previous step"
        : i === 0
          ? `After ${formatDuration(step.delaySeconds)}`
          : `${formatDuration(step.delaySeconds)} later`;
    const names = step.channelIds.map((id) => channelName(id) ?? "a deleted channel");
    return `${i + 1}. ${when}: ${names.join(", ") || "no channel"}`;
  });
}

/** "Once", or how many more rounds of all the steps, how far apart. */
export function repeatLine(policy: Pick<PolicySteps, "repeat" | "repeatAfterSeconds">): string {
  if (policy.repeat === 0) return "Once";
  const rounds = `${policy.repeat} more round${policy.repeat === 1 ? "" : "s"}`;
  return `${rounds}, each ${formatDuration(policy.repeatAfterSeconds)} after the last step`;
}
