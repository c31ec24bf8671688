"use client";

import { maxMultiplier, multiplierProblem } from "@levee/shared/detection/threshold-limits";
import { useRouter } from "next/navigation";
import type { FormEvent } from "react";
import { useFormState } from "@/components/forms/use-form-state";
import { Card } from "@/components/ui/card";
import { ErrorMessage, SuccessMessage } from "@/components/ui/feedback";
import { Field } from "@/components/ui/field";
import { buttonPrimary } from "@/components/ui/styles";
import { runMutation } from "@/lib/graphql/client-fetch";
import type { TrafficMetric } from "@/lib/graphql/generated/graphql";
import { SetNodeThresholdsMutation } from "@/lib/graphql/operations/nodes";
import { type FieldProblem, fieldMessage } from "@/lib/graphql/outcome";

const METRICS: ReadonlyArray<{ metric: TrafficMetric; label: string }> = [
  { metric: "PPS", label: "Packets/s" },
  { metric: "BPS", label: "Bits/s" },
  { metric: "TCP_PPS", label: "TCP packets/s" },
  { metric: "UDP_PPS", label: "UDP packets/s" },
  { metric: "ICMP_PPS", label: "ICMP packets/s" },
  { metric: "SYN_RECV", label: "Half-open TCP (SYN_RECV)" },
  { metric: "TCP_ESTABLISHED", label: "Established TCP connections" },
  { metric: "TCP_SOCKETS", label: "TCP sockets (any state)" },
  { metric: "SYN_COOKIES", label: "SYN cookies sent/s" },
];

/** The override form: the multiplier, and fixed thresholds per metric (empty = back to learned). */
export function ThresholdForm({
  nodeId,
  multiplier,
  manual,
  mayOverride,
}: Readonly<{
  nodeId: string;
  multiplier: number;
  manual: Readonly<Record<string, number>>;
  /** detection:override (ADMIN, OWNER): the multiplier up to 20 and thresholds past 10 × the floor. */
  mayOverride: boolean;
}>) {
  const router = useRouter();
  const state = useFormState();

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const value = Number(form.get("multiplier"));
    const problems: FieldProblem[] = [];
    const multiplierWrong = multiplierProblem(value, mayOverride, multiplier);
    if (multiplierWrong) problems.push({ path: "multiplier", message: multiplierWrong });
    const overrides = METRICS.map(({ metric }) => {
      const text = String(form.get(metric) ?? "").trim();
      const threshold = text === "" ? null : Number(text);
      if (threshold !== null && !(threshold > 0))
        problems.push({ path: metric, message: "A positive number, or empty" });
      return { metric, threshold };
    });
    if (problems.length > 0) return state.invalid(problems);
    state.begin();
    const outcome = await runMutation(
      SetNodeThresholdsMutation,
      { input: { nodeId, multiplier: value, overrides } },
      (data) => data.setNodeThresholds,
    );
    if (!outcome.ok) return state.fail(outcome);
    state.succeed("Saved. The agent receives the new thresholds with its next sample.");
    router.refresh();
  }

  return (
    <Card title="Override detection">
      <form onSubmit={onSubmit} className="flex flex-col gap-4" noValidate>
        <Field
          label="Multiplier (× p99)"
          name="multiplier"
          type="number"
          step="0.1"
          min={1.5}
          max={maxMultiplier(mayOverride, multiplier)}
          required
          defaultValue={multiplier}
          error={fieldMessage(state.fields, "multiplier")}
        />
        <fieldset className="grid gap-3 sm:grid-cols-2">
          <legend className="mb-2 text-sm font-medium">Fixed thresholds (empty: learned)</legend>
          {METRICS.map(({ metric, label }) => (
            <Field
              key={metric}
              label={label}
              name={metric}
              type="number"
              min={0}
              step="any"
              inputMode="decimal"
              defaultValue={manual[metric] ?? ""}
              error={fieldMessage(state.fields, metric)}
            />
          ))}
        </fieldset>
        {state.error && <ErrorMessage>{state.error}</ErrorMessage>}
        {state.done && (
          <SuccessMessage>Saved. The agent receives the new thresholds with its next sample.</SuccessMessage>
        )}
        <button type="submit" disabled={state.busy} className={buttonPrimary}>
          {state.busy ? "Saving…" : "Save thresholds"}
        </button>
      </form>
    </Card>
  );
}
