"use client";

import { useRouter } from "next/navigation";
import type { FormEvent } from "react";
import { useFormState } from "@/components/forms/use-form-state";
import { Card } from "@/components/ui/card";
import { CheckboxGroup } from "@/components/ui/checkbox-group";
import { ErrorMessage, SuccessMessage } from "@/components/ui/feedback";
import { Field } from "@/components/ui/field";
import { buttonPrimary } from "@/components/ui/styles";
import { POLICY_FAMILIES, readPolicyForm, SEVERITIES, SEVERITY_LABEL } from "@/lib/alerts/policy-form";
import { placeRefusal } from "@/lib/alerts/refusal";
import { runMutation } from "@/lib/graphql/client-fetch";
import { CreateEscalationPolicyMutation } from "@/lib/graphql/operations/alert-routing";
import { fieldMessage } from "@/lib/graphql/outcome";
import { familyLabel } from "@/lib/incidents/families";
import { type ChannelChoice, LabelRows, StepRows } from "./escalation-step-rows";
import { useRowKeys } from "./use-row-keys";

const severityOptions = SEVERITIES.map((s) => ({ value: s, label: SEVERITY_LABEL[s] }));
const familyOptions = POLICY_FAMILIES.map((f) => ({ value: f, label: familyLabel(f) }));

/**
 * A form to add an escalation policy: what it matches (empty = any), its steps of channels with their delays,
 * repeats, position. What was typed stays when the API refuses it, with each problem on its field.
 */
export function EscalationPolicyForm({
  workspaceId,
  channels,
  nextPosition,
}: Readonly<{ workspaceId: string; channels: readonly ChannelChoice[]; nextPosition: number }>) {
  const router = useRouter();
  const state = useFormState();
  const steps = useRowKeys("step", 1);
  const labels = useRowKeys("label", 0);
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

  async function create(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formElement = event.currentTarget;
    const { draft, problems } = readPolicyForm(new FormData(formElement), {
      steps: steps.keys,
      labels: labels.keys,
    });
    state.begin();
    if (!draft)
      return state.fail(placeRefusal({ code: "INVALID", message: "", fieldErrors: problems }, shown));
    const outcome = await runMutation(
      CreateEscalationPolicyMutation,
      { input: { workspaceId, ...draft } },
      (d) => d.createEscalationPolicy,
    );
    if (!outcome.ok) return state.fail(placeRefusal(outcome, shown));
    state.succeed(`Policy “${outcome.value.policy.name}” created.`);
    formElement.reset();
    steps.reset();
    labels.reset();
    router.refresh();
  }

  return (
    <Card title="New escalation policy">
      <form onSubmit={create} noValidate aria-label="New escalation policy" className="flex flex-col gap-5">
        <div className="grid gap-4 sm:grid-cols-[2fr_1fr]">
          <Field
            id="policy-name"
            label="Policy name"
            name="name"
            maxLength={80}
            placeholder="Critical floods page the on-call"
            error={err("name")}
          />
          <Field
            id="policy-position"
            label="Position"
            name="position"
            type="number"
            min={0}
            defaultValue={nextPosition}
            error={err("position")}
            hint="Lower first: the first policy that matches routes the incident."
          />
        </div>
        <CheckboxGroup
          id="policy-severities"
          legend="Severities"
          name="severities"
          options={severityOptions}
          className="grid-cols-2 sm:grid-cols-4"
          error={err("severities")}
          hint="None ticked: any severity."
        />
        <CheckboxGroup
          id="policy-families"
          legend="Attack families"
          name="families"
          options={familyOptions}
          className="grid-cols-1 sm:grid-cols-3"
          error={err("families")}
          hint="None ticked: any family (and incidents not classified yet)."
        />
        <LabelRows rows={labels} fields={state.fields} />
        <StepRows rows={steps} channels={channels} fields={state.fields} />
        <div className="grid gap-4 sm:grid-cols-2">
          <Field
            id="policy-repeat"
            label="Repeat"
            name="repeat"
            type="number"
            min={0}
            max={10}
            defaultValue={0}
            error={err("repeat")}
            hint="Extra rounds of all the steps, 0–10."
          />
          <Field
            id="policy-repeat-after"
            label="Repeat after (seconds)"
            name="repeatAfterSeconds"
            type="number"
            min={1}
            max={604_800}
            defaultValue={300}
            error={err("repeatAfterSeconds")}
            hint="A round starts this long after the previous round's last step."
          />
        </div>
        <label className="flex items-center gap-2 text-sm">
          <input type="checkbox" name="sharedWithCustomers" className="accent-primary" />
          Also route incidents of this workspace's customer workspaces (MSP)
        </label>
        {state.error && <ErrorMessage>{state.error}</ErrorMessage>}
        {state.done && <SuccessMessage>{state.done}</SuccessMessage>}
        <button type="submit" disabled={state.busy} className={`${buttonPrimary} self-start`}>
          {state.busy ? "Creating…" : "Create policy"}
        </button>
      </form>
    </Card>
  );
}
