"use client";

import { CheckboxGroup } from "@/components/ui/checkbox-group";
import { Field } from "@/components/ui/field";
import { buttonDanger, buttonSecondary } from "@/components/ui/styles";
import { labelField, MAX_STEPS, stepField } from "@/lib/alerts/policy-form";
import { type FieldProblem, fieldMessage } from "@/lib/graphql/outcome";
import { kindOf } from "./channel-kinds";

export interface ChannelChoice {
  id: string;
  name: string;
  kind: string;
  enabled: boolean;
}

type Rows = Readonly<{
  keys: readonly string[];
  add: () => void;
  remove: (key: string) => void;
}>;

type Step = { channelIds: readonly string[]; delaySeconds: number };

/**
 * A policy's steps, in order: each names one or more of the workspace's channels and waits its delay first.
 * `start` gives a row's stored step (an edit form's): its channels ticked, and a channel deleted since shown
 * as such, ticked, to be unticked (or its step removed) before the steps can be saved.
 */
export function StepRows({
  rows,
  channels,
  fields,
  start = () => undefined,
  idPrefix = "policy",
}: Readonly<{
  rows: Rows;
  channels: readonly ChannelChoice[];
  fields: readonly FieldProblem[];
  start?: (key: string) => Step | undefined;
  idPrefix?: string;
}>) {
  const known = channels.map((c) => ({
    value: c.id,
    label: (
      <span>
        {c.name}{" "}
        <span className="text-muted">
          ({kindOf(c.kind)?.label ?? c.kind}
          {c.enabled ? "" : ", disabled"})
        </span>
      </span>
    ),
  }));
  /** The workspace's channels, and any deleted since that the row's stored step still names. */
  const optionsOf = (step: Step | undefined) => [
    ...known,
    ...(step?.channelIds ?? [])
      .filter((id) => !channels.some((c) => c.id === id))
      .map((id) => ({ value: id, label: <span className="text-danger">A deleted channel</span> })),
  ];
  return (
    <div className="flex flex-col gap-3">
      <h3 className="text-sm font-medium">Steps</h3>
      {fieldMessage(fields, "steps") && (
        <p className="text-xs text-danger">{fieldMessage(fields, "steps")}</p>
      )}
      {rows.keys.map((key, i) => {
        const stored = start(key);
        const options = optionsOf(stored);
        const deleted = options.length > known.length;
        return (
          <div
            key={key}
            data-testid="policy-step"
            className="flex flex-col gap-3 rounded-theme border border-muted/20 p-4"
          >
            <div className="flex items-center justify-between gap-3">
              <h4 className="text-sm font-semibold">Step {i + 1}</h4>
              {rows.keys.length > 1 && (
                <button type="button" className={buttonDanger} onClick={() => rows.remove(key)}>
                  Remove<span className="sr-only"> step {i + 1}</span>
                </button>
              )}
            </div>
            {options.length === 0 ? (
              <p className="text-sm text-muted">
                This workspace has no channels yet: add one above, then name it in a step.
              </p>
            ) : (
              <CheckboxGroup
                id={`${idPrefix}-step-${key}-channels`}
                legend={`Channels of step ${i + 1}`}
                name={stepField(key, "channelIds")}
                options={options}
                defaultChecked={stored?.channelIds}
                error={fieldMessage(fields, `steps.${i}.channelIds`)}
                hint={
                  deleted
                    ? "A channel named here was deleted (alerts skip it): untick it, or remove the step, before changing the steps."
                    : undefined
                }
              />
            )}
            <Field
              id={`${idPrefix}-step-${key}-delay`}
              label={`Delay of step ${i + 1} (seconds)`}
              name={stepField(key, "delaySeconds")}
              type="number"
              min={0}
              max={604_800}
              defaultValue={stored?.delaySeconds ?? (i === 0 ? 0 : 300)}
              error={fieldMessage(fields, `steps.${i}.delaySeconds`)}
              hint={
                i === 0
                  ? "After the incident opens; 0 sends at once. A step not yet due when the incident resolves or is acknowledged is skipped."
                  : "After the previous step, up to 604800 (7 days)."
              }
            />
          </div>
        );
      })}
      {rows.keys.length < MAX_STEPS && (
        <button type="button" className={`${buttonSecondary} self-start`} onClick={rows.add}>
          Add a step
        </button>
      )}
    </div>
  );
}

/** Node labels the policy requires (every one, key=value); none matches any node. */
export function LabelRows({
  rows,
  fields,
  start = () => undefined,
  idPrefix = "policy",
}: Readonly<{
  rows: Rows;
  fields: readonly FieldProblem[];
  /** A row's stored label (an edit form's). */
  start?: (key: string) => { key: string; value: string } | undefined;
  idPrefix?: string;
}>) {
  return (
    <div className="flex flex-col gap-3">
      <div>
        <h3 className="text-sm font-medium">Node labels</h3>
        <p className="text-xs text-muted">
          The incident's node must carry every label listed (a value may be empty); none listed matches any
          node.
        </p>
      </div>
      {rows.keys.map((key, i) => (
        <div
          key={key}
          data-testid="policy-label"
          className="grid items-start gap-3 sm:grid-cols-[1fr_1fr_auto]"
        >
          <Field
            id={`${idPrefix}-label-${key}-key`}
            label={`Label ${i + 1} key`}
            name={labelField(key, "key")}
            placeholder="role"
            maxLength={63}
            defaultValue={start(key)?.key}
            error={fieldMessage(fields, `nodeLabels.${i}.key`)}
          />
          <Field
            id={`${idPrefix}-label-${key}-value`}
            label={`Label ${i + 1} value`}
            name={labelField(key, "value")}
            placeholder="edge"
            maxLength={128}
            defaultValue={start(key)?.value}
            error={fieldMessage(fields, `nodeLabels.${i}.value`)}
          />
          <button type="button" className={`${buttonDanger} sm:mt-7`} onClick={() => rows.remove(key)}>
            Remove<span className="sr-only"> label {i + 1}</span>
          </button>
        </div>
      ))}
      <button type="button" className={`${buttonSecondary} self-start`} onClick={rows.add}>
        Add a node label
      </button>
    </div>
  );
}
