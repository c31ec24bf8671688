"use client";

import { useRouter } from "next/navigation";
import { type FormEvent, useEffect, useId, useRef, useState } from "react";
import { useFormState } from "@/components/forms/use-form-state";
import { Card } from "@/components/ui/card";
import { CheckboxGroup } from "@/components/ui/checkbox-group";
import { ErrorMessage, SuccessMessage } from "@/components/ui/feedback";
import { Field } from "@/components/ui/field";
import { buttonPrimary, buttonSecondary } from "@/components/ui/styles";
import { policyEdit } from "@/lib/alerts/policy-edit";
import {
  POLICY_FAMILIES,
  type PolicyValues,
  readPolicyForm,
  SEVERITIES,
  SEVERITY_LABEL,
} from "@/lib/alerts/policy-form";
import { runMutation } from "@/lib/graphql/client-fetch";
import {
  CreateEscalationPolicyMutation,
  UpdateEscalationPolicyMutation,
} from "@/lib/graphql/operations/alert-routing";
import { type FieldProblem, fieldMessage } from "@/lib/graphql/outcome";
import { placeRefusal } from "@/lib/graphql/refusal";
import { familyLabel } from "@/lib/incidents/families";
import { type ChannelChoice, LabelRows, StepRows } from "./escalation-step-rows";
import { useRowKeys } from "./use-row-keys";

const severityOptions = SEVERITIES.map((s) => ({ value: s, label: SEVERITY_LABEL[s] }));
const familyOptions = POLICY_FAMILIES.map((f) => ({ value: f, label: familyLabel(f) }));

/** Adding a policy to a workspace, or editing one in place (its row's note says how it went). */
export type PolicyFormMode =
  | { kind: "create"; workspaceId: string }
  | {
      kind: "edit";
      policyId: string;
      onSaved: (note: string) => void;
      onCancel: () => void;
      /** While a save is on its way: the row's other actions (and switching forms) wait for it. */
      onBusy: (busy: boolean) => void;
    };

/**
 * The escalation policy form, starting with `initial`: what it matches (empty = any), its steps of channels
 * with their delays, repeats, position. Creating, it is cleared after saving; editing, only what changed is
 * sent, and steps only when touched (policy-edit.ts). What was typed stays when the API refuses it, with each
 * problem on its field.
 */
export function EscalationPolicyForm({
  channels,
  initial,
  mode,
}: Readonly<{ channels: readonly ChannelChoice[]; initial: PolicyValues; mode: PolicyFormMode }>) {
  /**
   * The policy as the form opened (its inputs keep those values): an edit is what differs from it, not from
   * a later refresh (each second during an incident), which would send back fields never touched.
   */
  const [opened] = useState(initial);
  const router = useRouter();
  const state = useFormState();
  const reactId = useId();
  const editing = mode.kind === "edit";
  /** Ids on the page: the create form's as they always were, each edit form's its own. */
  const idPrefix = editing ? `policy-${reactId}` : "policy";
  const forgetRowProblems = () => state.invalid([]);
  const steps = useRowKeys("step", initial.steps.length, forgetRowProblems);
  const labels = useRowKeys("label", initial.nodeLabels.length, forgetRowProblems);
  const storedStep = (key: string) => opened.steps[steps.initialKeys.indexOf(key)];
  const storedLabel = (key: string) => opened.nodeLabels[labels.initialKeys.indexOf(key)];
  // Told when busy changes only (the row's callback is a new function each render).
  const onBusy = useRef(mode.kind === "edit" ? mode.onBusy : undefined);
  onBusy.current = mode.kind === "edit" ? mode.onBusy : undefined;
  useEffect(() => {
    if (state.busy) onBusy.current?.(true);
    return () => {
      if (state.busy) onBusy.current?.(false);
    };
  }, [state.busy]);
  const err = (name: string) => fieldMessage(state.fields, name);
  /** Every field the form marks, so the form's line names only problems none of them shows. */
  const shown = [
    "name",
    "position",
    "severities",
    "families",
    "steps",
    "repeat",
    "repeatAfterSeconds",
    ...steps.keys.flatMap((_, i) => [`steps.${i}.channelIds`, `steps.${i}.delaySeconds`]),
    ...labels.keys.map((_, i) => `nodeLabels.${i}.key`),
  ];
  const refuse = (problems: FieldProblem[]) =>
    state.fail(placeRefusal({ code: "INVALID", message: "", fieldErrors: problems }, shown));

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formElement = event.currentTarget;
    const { draft, problems } = readPolicyForm(new FormData(formElement), {
      steps: steps.keys,
      labels: labels.keys,
    });
    state.begin();
    if (!draft) return refuse(problems);
    if (mode.kind === "edit") {
      const stored = { ...opened, id: mode.policyId };
      const edit = policyEdit(
        stored,
        draft,
        channels.map((c) => c.id),
      );
      if (edit.problems.length > 0) return refuse(edit.problems);
      if (!edit.input) return mode.onSaved("Nothing changed");
      const outcome = await runMutation(
        UpdateEscalationPolicyMutation,
        { input: edit.input },
        (d) => d.updateEscalationPolicy,
      );
      if (!outcome.ok) return state.fail(placeRefusal(outcome, shown));
      return mode.onSaved(`Saved “${outcome.value.policy.name}”`);
    }
    const outcome = await runMutation(
      CreateEscalationPolicyMutation,
      { input: { workspaceId: mode.workspaceId, ...draft } },
      (d) => d.createEscalationPolicy,
    );
    if (!outcome.ok) return state.fail(placeRefusal(outcome, shown));
    state.succeed(`Policy “${outcome.value.policy.name}” created.`);
    formElement.reset();
    steps.reset();
    labels.reset();
    router.refresh();
  }

  const form = (
    <form
      onSubmit={submit}
      noValidate
      aria-label={mode.kind === "edit" ? `Edit ${initial.name}` : "New escalation policy"}
      className={
        editing
          ? "flex flex-col gap-5 rounded-theme border border-muted/20 bg-background/50 p-4"
          : "flex flex-col gap-5"
      }
    >
      <div className="grid gap-4 sm:grid-cols-[2fr_1fr]">
        <Field
          id={`${idPrefix}-name`}
          label="Policy name"
          name="name"
          maxLength={80}
          placeholder="Critical floods page the on-call"
          defaultValue={initial.name}
          error={err("name")}
        />
        <Field
          id={`${idPrefix}-position`}
          label="Position"
          name="position"
          type="number"
          min={0}
          defaultValue={initial.position}
          error={err("position")}
          hint="Lower first: the first policy that matches routes the incident."
        />
      </div>
      <CheckboxGroup
        id={`${idPrefix}-severities`}
        legend="Severities"
        name="severities"
        options={severityOptions}
        defaultChecked={initial.severities}
        className="grid-cols-2 sm:grid-cols-4"
        error={err("severities")}
        hint="None ticked: any severity."
      />
      <CheckboxGroup
        id={`${idPrefix}-families`}
        legend="Attack families"
        name="families"
        options={familyOptions}
        defaultChecked={initial.families}
        className="grid-cols-1 sm:grid-cols-3"
        error={err("families")}
        hint="None ticked: any family (and incidents not classified yet)."
      />
      <LabelRows rows={labels} fields={state.fields} start={storedLabel} idPrefix={idPrefix} />
      <StepRows
        rows={steps}
        channels={channels}
        fields={state.fields}
        start={storedStep}
        idPrefix={idPrefix}
      />
      <div className="grid gap-4 sm:grid-cols-2">
        <Field
          id={`${idPrefix}-repeat`}
          label="Repeat"
          name="repeat"
          type="number"
          min={0}
          max={10}
          defaultValue={initial.repeat}
          error={err("repeat")}
          hint="Extra rounds of all the steps, 0–10."
        />
        <Field
          id={`${idPrefix}-repeat-after`}
          label="Repeat after (seconds)"
          name="repeatAfterSeconds"
          type="number"
          min={1}
          max={604_800}
          defaultValue={initial.repeatAfterSeconds}
          error={err("repeatAfterSeconds")}
          hint="A round starts this long after the previous round's last step."
        />
      </div>
      <label className="flex items-center gap-2 text-sm">
        <input
          type="checkbox"
          name="sharedWithCustomers"
          defaultChecked={initial.sharedWithCustomers}
          className="accent-primary"
        />
        Also route incidents of this workspace's customer workspaces (MSP)
      </label>
      {state.error && <ErrorMessage>{state.error}</ErrorMessage>}
      {state.done && <SuccessMessage>{state.done}</SuccessMessage>}
      {mode.kind === "edit" ? (
        <div className="flex flex-wrap gap-2">
          <button type="submit" disabled={state.busy} className={buttonPrimary}>
            {state.busy ? "Saving…" : "Save changes"}
          </button>
          <button type="button" disabled={state.busy} className={buttonSecondary} onClick={mode.onCancel}>
            Cancel
          </button>
        </div>
      ) : (
        <button type="submit" disabled={state.busy} className={`${buttonPrimary} self-start`}>
          {state.busy ? "Creating…" : "Create policy"}
        </button>
      )}
    </form>
  );
  return editing ? form : <Card title="New escalation policy">{form}</Card>;
}
