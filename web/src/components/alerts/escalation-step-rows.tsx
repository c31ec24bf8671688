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

/** A policy's steps, in order: each names one or more of the workspace's channels and waits its delay first. */
export function StepRows({
  rows,
  channels,
  fields,
}: Readonly<{ rows: Rows; channels: readonly ChannelChoice[]; fields: readonly FieldProblem[] }>) {
  const options = channels.map((c) => ({
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
  return (
    <div className="flex flex-col gap-3">
      <h3 className="text-sm font-medium">Steps</h3>
      {fieldMessage(fields, "steps") && (
        <p className="text-xs text-danger">{fieldMessage(fields, "steps")}</p>
      )}
      {rows.keys.map((key, i) => (
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
          {channels.length === 0 ? (
            <p className="text-sm text-muted">
              This workspace has no channels yet: add one above, then name it in a step.
            </p>
          ) : (
            <CheckboxGroup
              id={`policy-step-${key}-channels`}
              legend={`Channels of step ${i + 1}`}
              name={stepField(key, "channelIds")}
              options={options}
              error={fieldMessage(fields, `steps.${i}.channelIds`)}
            />
          )}
          <Field
            id={`policy-step-${key}-delay`}
            label={`Delay of step ${i + 1} (seconds)`}
            name={stepField(key, "delaySeconds")}
            type="number"
            min={0}
            max={604_800}
            defaultValue={i === 0 ? 0 : 300}
            error={fieldMessage(fields, `steps.${i}.delaySeconds`)}
            hint={
              i === 0
                ? "After the incident opens; 0 sends at once. A step not yet due when the incident resolves or is acknowledged is skipped."
                : "After the previous step, up to 604800 (7 days)."
            }
          />
        </div>
      ))}
      {rows.keys.length < MAX_STEPS && (
        <button type="button" className={`${buttonSecondary} self-start`} onClick={rows.add}>
          Add a step
        </button>
      )}
    </div>
  );
}

/** Node labels the policy requires (every one, key=value); none matches any node. */
export function LabelRows({ rows, fields }: Readonly<{ rows: Rows; fields: readonly FieldProblem[] }>) {
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
            id={`policy-label-${key}-key`}
            label={`Label ${i + 1} key`}
            name={labelField(key, "key")}
            placeholder="role"
            maxLength={63}
            error={fieldMessage(fields, `nodeLabels.${i}.key`)}
          />
          <Field
            id={`policy-label-${key}-value`}
            label={`Label ${i + 1} value`}
            name={labelField(key, "value")}
            placeholder="edge"
            maxLength={128}
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
