// What editing an escalation policy sends. The API keeps every field an update leaves out and replaces all
// steps when steps are sent, checking them again (a channel deleted since stands in the stored steps and
// refuses them then: api/src/alerts/escalation.service.ts). So an edit sends only what changed, and steps
// only when the form's differ from the stored ones: a policy whose steps name a deleted channel can still be
// renamed or moved; once its steps are touched (or it becomes shared, which re-checks them), each deleted
// channel must be unticked or its step removed first. Pure, for node:test.
import type { UpdateEscalationPolicyInput } from "@/lib/graphql/generated/graphql";
import type { FieldProblem } from "@/lib/graphql/outcome";
import type { PolicyDraft, PolicyValues } from "./policy-form";

/** A policy as the Alerts page lists it. */
export interface StoredPolicy extends PolicyValues {
  id: string;
}

const sorted = (list: readonly string[]) => [...list].sort().join("\n");
/** The same values in any order (ticked boxes come in the form's order, not the stored one). */
const sameSet = (a: readonly string[], b: readonly string[]) => sorted(a) === sorted(b);

const sameLabels = (a: StoredPolicy["nodeLabels"], b: StoredPolicy["nodeLabels"]) =>
  a.length === b.length && a.every((l, i) => l.key === b[i]?.key && l.value === b[i]?.value);

/** Same steps in the same order: each with the same delay and the same channels (ticked in any order). */
const sameSteps = (a: StoredPolicy["steps"], b: StoredPolicy["steps"]) =>
  a.length === b.length &&
  a.every((s, i) => s.delaySeconds === b[i]?.delaySeconds && sameSet(s.channelIds, b[i]?.channelIds ?? []));

export const DELETED_CHANNEL_MESSAGE = "names a deleted channel: untick it, or remove the step";

/**
 * The update for the form's values, with only what changed, or null when nothing did (no call, no audit
 * entry for nothing), and the problems that keep it from being sent: steps that would be checked (sent, or
 * the policy becoming shared) still naming a channel not in `channelIds` (the workspace's channels now).
 */
export function policyEdit(
  stored: StoredPolicy,
  draft: PolicyDraft,
  channelIds: readonly string[],
): { input: UpdateEscalationPolicyInput | null; problems: FieldProblem[] } {
  const input: UpdateEscalationPolicyInput = { policyId: stored.id };
  if (draft.name !== stored.name) input.name = draft.name;
  if (draft.position !== stored.position) input.position = draft.position;
  if (draft.sharedWithCustomers !== stored.sharedWithCustomers)
    input.sharedWithCustomers = draft.sharedWithCustomers;
  if (!sameSet(draft.severities, stored.severities)) input.severities = draft.severities;
  if (!sameSet(draft.families, stored.families)) input.families = draft.families;
  if (!sameLabels(draft.nodeLabels, stored.nodeLabels)) input.nodeLabels = draft.nodeLabels;
  const stepsChanged = !sameSteps(draft.steps, stored.steps);
  if (stepsChanged) input.steps = draft.steps;
  if (draft.repeat !== stored.repeat) input.repeat = draft.repeat;
  if (draft.repeatAfterSeconds !== stored.repeatAfterSeconds)
    input.repeatAfterSeconds = draft.repeatAfterSeconds;

  const problems: FieldProblem[] = [];
  if (stepsChanged || input.sharedWithCustomers === true)
    draft.steps.forEach((step, i) => {
      if (step.channelIds.some((id) => !channelIds.includes(id)))
        problems.push({ path: `steps.${i}.channelIds`, message: DELETED_CHANNEL_MESSAGE });
    });
  if (problems.length > 0) return { input: null, problems };
  return { input: Object.keys(input).length > 1 ? input : null, problems };
}
