"use client";

import { useRouter } from "next/navigation";
import { type FormEvent, useState } from "react";
import { useFormState } from "@/components/forms/use-form-state";
import { ErrorMessage, SuccessMessage } from "@/components/ui/feedback";
import { Field } from "@/components/ui/field";
import { SelectField } from "@/components/ui/select-field";
import { buttonPrimary } from "@/components/ui/styles";
import { runMutation } from "@/lib/graphql/client-fetch";
import { AnnounceMitigationMutation } from "@/lib/graphql/operations/network";
import { fieldMessage } from "@/lib/graphql/outcome";
import { readAnnounceForm } from "@/lib/mitigation/announce-form";

/** Announce a FlowSpec, RTBH or scrubbing rule by hand (same guardrails, queue and audit as automatic ones). */
export function AnnounceForm({ workspaceId }: Readonly<{ workspaceId: string }>) {
  const router = useRouter();
  const state = useFormState();
  const [kind, setKind] = useState("FLOWSPEC");
  const err = (name: string) => fieldMessage(state.fields, name);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const { input, problems } = readAnnounceForm(new FormData(event.currentTarget));
    if (!input) return state.invalid(problems);
    state.begin();
    const outcome = await runMutation(
      AnnounceMitigationMutation,
      { input: { workspaceId, ...input } },
      (d) => d.announceMitigation,
    );
    if (!outcome.ok) return state.fail(outcome);
    const { outcome: result, failures, rule } = outcome.value;
    state.succeed(
      `${result === "MERGED" ? "Merged into" : result === "ESCALATED" ? "Escalated" : "Queued"}: ${rule.rule} (${rule.state.toLowerCase()})${failures.length ? `; failed calls, retried by reconciliation: ${failures.join("; ")}` : ""}`,
    );
    router.refresh();
  }

  return (
    <form onSubmit={onSubmit} noValidate className="flex flex-col gap-4" aria-label="Announce a rule">
      <div className="grid gap-4 md:grid-cols-3">
        <SelectField label="Kind" name="kind" value={kind} onChange={(e) => setKind(e.currentTarget.value)}>
          <option value="FLOWSPEC">FlowSpec (discard or rate-limit)</option>
          <option value="RTBH">RTBH blackhole</option>
          <option value="SCRUBBING">Cloud scrubbing</option>
        </SelectField>
        <Field
          label="Destination"
          name="destination"
          placeholder="203.0.113.10/32"
          required
          error={err("destination")}
        />
        <Field
          label="Lifetime (seconds)"
          name="ttlSeconds"
          type="number"
          min={60}
          max={604_800}
          defaultValue={3600}
          error={err("ttlSeconds")}
        />
        {kind === "FLOWSPEC" && (
          <>
            <Field
              label="Protocols (numbers)"
              name="protocols"
              placeholder="17"
              error={err("protocols")}
              hint="e.g. 17 for UDP, 6 for TCP"
            />
            <Field
              label="Source ports"
              name="sourcePorts"
              placeholder="53, 123, 11211"
              error={err("sourcePorts")}
              hint="Ports or ranges (1000-2000)"
            />
            <Field
              label="Destination ports"
              name="destinationPorts"
              placeholder="80"
              error={err("destinationPorts")}
            />
            <Field
              label="Rate (bytes/s, 0 = discard)"
              name="rateBytesPerSecond"
              type="number"
              min={0}
              defaultValue={0}
              error={err("rateBytesPerSecond")}
            />
          </>
        )}
        {kind === "RTBH" && (
          <Field
            label="Extra communities"
            name="communities"
            placeholder="64500:100"
            error={err("communities")}
            hint="65535:666 and no-export are always added"
          />
        )}
      </div>
      <label className="flex items-center gap-2 text-sm">
        <input type="checkbox" name="escalated" /> Escalated: allow a prefix wider than a host route
      </label>
      {state.error && <ErrorMessage>{state.error}</ErrorMessage>}
      {state.done && <SuccessMessage>{state.done}</SuccessMessage>}
      <button type="submit" disabled={state.busy} className={`${buttonPrimary} self-start`}>
        {state.busy ? "Announcing…" : "Announce"}
      </button>
    </form>
  );
}
