"use client";

import { maxMultiplier, multiplierProblem } from "@levee/shared/detection/threshold-limits";
import { canonicalZone, knownZones } from "@levee/shared/time-zones";
import { useRouter } from "next/navigation";
import { type FormEvent, useEffect, useState } from "react";
import { useFormState } from "@/components/forms/use-form-state";
import { Card } from "@/components/ui/card";
import { ErrorMessage, SuccessMessage } from "@/components/ui/feedback";
import { Field } from "@/components/ui/field";
import { buttonPrimary } from "@/components/ui/styles";
import { runMutation } from "@/lib/graphql/client-fetch";
import {
  SetWorkspaceDetectionMultiplierMutation,
  UpdateWorkspaceMutation,
} from "@/lib/graphql/operations/workspace";
import { fieldMessage } from "@/lib/graphql/outcome";

export function WorkspaceSettings({
  workspace,
  multipliers,
  newNodeMultiplier,
  canEdit,
  canTune,
  mayOverride,
}: Readonly<{
  workspace: { id: string; name: string; evidenceRetentionDays: number; timeZone: string };
  /** Every multiplier the workspace's nodes use, lowest first, with how many use it. */
  multipliers: ReadonlyArray<{ multiplier: number; nodeCount: number }>;
  /** The multiplier a node added later starts with (set with every node's). */
  newNodeMultiplier: number;
  /** workspace:update: the name, retention and time zone. */
  canEdit: boolean;
  /** node:update: the multiplier of every node (one call; the API applies the node page's ceiling to each). */
  canTune: boolean;
  /** detection:override: a multiplier above 10. */
  mayOverride: boolean;
}>) {
  const router = useRouter();
  const general = useFormState();
  const detection = useFormState();
  // Past the ceiling, node:update may keep a multiplier but not raise one: for every node at once and
  // the nodes added later, the lowest of theirs is what none of them is raised above.
  const lowestMultiplier = Math.min(newNodeMultiplier, multipliers[0]?.multiplier ?? newNodeMultiplier);
  // The zone list is the browser's own: read after hydration, as the server's Intl may list others.
  const [zones, setZones] = useState<readonly string[]>([]);
  useEffect(() => setZones(knownZones()), []);

  async function saveGeneral(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const name = String(form.get("name") ?? "").trim();
    const evidenceRetentionDays = Number(form.get("retention"));
    // The zone is checked, and sent, only when changed: a browser whose zone data lacks the stored
    // one must still save the name and retention.
    const typedZone = String(form.get("timeZone") ?? "").trim();
    const zoneChanged = typedZone !== workspace.timeZone;
    const timeZone = zoneChanged ? canonicalZone(typedZone) : undefined;
    const problems = [];
    if (!Number.isInteger(evidenceRetentionDays) || evidenceRetentionDays < 1 || evidenceRetentionDays > 365)
      problems.push({ path: "evidenceRetentionDays", message: "A whole number of days, 1–365" });
    if (zoneChanged && !timeZone)
      problems.push({
        path: "timeZone",
        message: "Not a time zone this browser knows, e.g. Europe/Berlin or UTC",
      });
    if (problems.length > 0) return general.invalid(problems);
    general.begin();
    const outcome = await runMutation(
      UpdateWorkspaceMutation,
      {
        input: { workspaceId: workspace.id, name, evidenceRetentionDays, ...(timeZone ? { timeZone } : {}) },
      },
      (d) => d.updateWorkspace,
    );
    if (!outcome.ok) return general.fail(outcome, ["name", "evidenceRetentionDays", "timeZone"]);
    general.succeed("Saved.");
    router.refresh();
  }

  async function saveMultiplier(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const multiplier = Number(new FormData(event.currentTarget).get("multiplier"));
    const problem = multiplierProblem(multiplier, mayOverride, lowestMultiplier);
    if (problem) return detection.invalid([{ path: "multiplier", message: problem }]);
    detection.begin();
    const outcome = await runMutation(
      SetWorkspaceDetectionMultiplierMutation,
      { input: { workspaceId: workspace.id, multiplier } },
      (d) => d.setWorkspaceDetectionMultiplier,
    );
    if (!outcome.ok) return detection.fail(outcome, ["multiplier"]);
    // What the API changed: nodes added since the page loaded are counted, those already at it not.
    const changed = outcome.value.nodesChanged;
    detection.succeed(`Applied ${multiplier}× to every node (${changed} changed) and to nodes added later.`);
    router.refresh();
  }

  return (
    <div className="grid gap-6 xl:grid-cols-2">
      <Card title="Workspace">
        <form onSubmit={saveGeneral} className="flex flex-col gap-4" noValidate>
          <Field
            label="Name"
            name="name"
            required
            maxLength={120}
            defaultValue={workspace.name}
            disabled={!canEdit}
            error={fieldMessage(general.fields, "name")}
          />
          <Field
            label="Keep packet captures for (days)"
            name="retention"
            type="number"
            min={1}
            max={365}
            required
            defaultValue={workspace.evidenceRetentionDays}
            disabled={!canEdit}
            hint="1–365; existing captures follow the new period."
            error={fieldMessage(general.fields, "evidenceRetentionDays")}
          />
          <Field
            label="Time zone"
            name="timeZone"
            list="workspace-zones"
            autoComplete="off"
            spellCheck={false}
            required
            defaultValue={workspace.timeZone}
            disabled={!canEdit}
            hint="An IANA name (Europe/Berlin, America/New_York, UTC). Seasonal baselines compare each node with the same local hour of earlier weeks, across daylight-saving changes; nodes follow a new zone from their next hour."
            error={fieldMessage(general.fields, "timeZone")}
          />
          <datalist id="workspace-zones">
            {zones.map((z) => (
              <option key={z} value={z} />
            ))}
          </datalist>
          {general.error && <ErrorMessage>{general.error}</ErrorMessage>}
          {general.done && <SuccessMessage>{general.done}</SuccessMessage>}
          {canEdit && (
            <button type="submit" disabled={general.busy} className={`${buttonPrimary} self-start`}>
              {general.busy ? "Saving…" : "Save"}
            </button>
          )}
        </form>
      </Card>
      <Card title="Detection multiplier">
        <p className="mb-4 text-sm text-muted">
          Each node's threshold is the multiplier × the p99 of its quiet traffic. This sets it on every node
          of the workspace (now{" "}
          {multipliers.length === 0 ? "no nodes" : multipliers.map(shareText).join(", ")}) and on nodes added
          later (now {newNodeMultiplier}×); a node's own page can change it again.
        </p>
        <form onSubmit={saveMultiplier} className="flex flex-col gap-4" noValidate>
          <Field
            label="Multiplier"
            name="multiplier"
            type="number"
            step="0.1"
            min={1.5}
            max={maxMultiplier(mayOverride, lowestMultiplier)}
            required
            defaultValue={multipliers.length === 1 ? multipliers[0]?.multiplier : newNodeMultiplier}
            disabled={!canTune}
            error={fieldMessage(detection.fields, "multiplier")}
          />
          {detection.error && <ErrorMessage>{detection.error}</ErrorMessage>}
          {detection.done && <SuccessMessage>{detection.done}</SuccessMessage>}
          {canTune && (
            <button type="submit" disabled={detection.busy} className={`${buttonPrimary} self-start`}>
              {detection.busy ? "Applying…" : "Apply to all nodes"}
            </button>
          )}
        </form>
      </Card>
    </div>
  );
}

/** "3× on 12 nodes": a multiplier with how many nodes use it. */
function shareText({ multiplier, nodeCount }: { multiplier: number; nodeCount: number }): string {
  return `${multiplier}× on ${nodeCount} node${nodeCount === 1 ? "" : "s"}`;
}
