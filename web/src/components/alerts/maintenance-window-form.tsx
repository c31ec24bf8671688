"use client";

import { useRouter } from "next/navigation";
import { type FormEvent, useEffect, useState } from "react";
import { useFormState } from "@/components/forms/use-form-state";
import { Card } from "@/components/ui/card";
import { ErrorMessage, SuccessMessage } from "@/components/ui/feedback";
import { Field } from "@/components/ui/field";
import { SelectField } from "@/components/ui/select-field";
import { buttonPrimary } from "@/components/ui/styles";
import { readWindowForm } from "@/lib/alerts/maintenance-form";
import { placeRefusal } from "@/lib/alerts/refusal";
import {
  canonicalZone,
  formatInZone,
  knownZones,
  localToInstant,
  toLocalInput,
  viewerZone,
} from "@/lib/alerts/zoned-time";
import { runMutation } from "@/lib/graphql/client-fetch";
import { CreateMaintenanceWindowMutation } from "@/lib/graphql/operations/alert-routing";
import { fieldMessage } from "@/lib/graphql/outcome";

export interface NodeChoice {
  id: string;
  name: string;
}

const SHOWN = ["name", "nodeId", "timeZone", "startsAt", "endsAt", "weekly"];
const HOUR_MS = 3_600_000;

/** Start now and end in an hour, as wall-clock values in `zone`. */
const fromNow = (zone: string) => ({
  startsAt: toLocalInput(Date.now(), zone),
  endsAt: toLocalInput(Date.now() + HOUR_MS, zone),
});

/**
 * A form to add a maintenance window for the workspace or one node. Start and end are typed as wall-clock
 * times in the chosen IANA zone (the browser's by default, known only once in the browser, so it is filled
 * in after the first render); the instants they name are shown in the viewer's time when the zones differ.
 */
export function MaintenanceWindowForm({
  workspaceId,
  nodes,
}: Readonly<{ workspaceId: string; nodes: readonly NodeChoice[] }>) {
  const router = useRouter();
  const state = useFormState();
  const [values, setValues] = useState({
    name: "",
    nodeId: "",
    timeZone: "",
    startsAt: "",
    endsAt: "",
    weekly: false,
  });
  const [viewer, setViewer] = useState<string | null>(null);
  const [zones, setZones] = useState<readonly string[]>([]);
  const set = <K extends keyof typeof values>(field: K, value: (typeof values)[K]) =>
    setValues((v) => ({ ...v, [field]: value }));
  const err = (name: string) => fieldMessage(state.fields, name);

  useEffect(() => {
    const zone = viewerZone();
    setViewer(zone);
    setZones(knownZones());
    setValues((v) => (v.timeZone ? v : { ...v, timeZone: zone, ...fromNow(zone) }));
  }, []);

  async function create(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    state.begin();
    const { draft, problems } = readWindowForm(new FormData(event.currentTarget));
    if (!draft)
      return state.fail(placeRefusal({ code: "INVALID", message: "", fieldErrors: problems }, SHOWN));
    const outcome = await runMutation(
      CreateMaintenanceWindowMutation,
      { input: { workspaceId, ...draft } },
      (d) => d.createMaintenanceWindow,
    );
    if (!outcome.ok) return state.fail(placeRefusal(outcome, SHOWN));
    state.succeed(`Window “${outcome.value.window.name}” created.`);
    setValues((v) => ({ ...v, name: "", nodeId: "", weekly: false, ...fromNow(draft.timeZone) }));
    router.refresh();
  }

  const zone = canonicalZone(values.timeZone);
  /** The instant typed, in the viewer's time when the chosen zone's clock reads otherwise. */
  const timeHint = (local: string) => {
    const at = zone ? localToInstant(local, zone) : null;
    if (!at?.ok || !viewer || toLocalInput(at.iso, viewer) === local) return undefined;
    return `${formatInZone(at.iso, viewer)} your time (${viewer})`;
  };
  return (
    <Card title="New maintenance window">
      <form onSubmit={create} noValidate aria-label="New maintenance window" className="flex flex-col gap-4">
        <div className="grid gap-4 sm:grid-cols-2">
          <Field
            id="window-name"
            label="Window name"
            name="name"
            maxLength={80}
            placeholder="Kernel upgrade, provider maintenance, …"
            value={values.name}
            onChange={(e) => set("name", e.target.value)}
            error={err("name")}
          />
          <SelectField
            id="window-node"
            label="Applies to"
            name="nodeId"
            value={values.nodeId}
            onChange={(e) => set("nodeId", e.target.value)}
            error={err("nodeId")}
          >
            <option value="">Whole workspace</option>
            {nodes.map((n) => (
              <option key={n.id} value={n.id}>
                {n.name}
              </option>
            ))}
          </SelectField>
          <Field
            id="window-zone"
            label="Time zone"
            name="timeZone"
            list="window-zones"
            autoComplete="off"
            spellCheck={false}
            value={values.timeZone}
            onChange={(e) => set("timeZone", e.target.value)}
            error={err("timeZone") ?? (values.timeZone && !zone ? "Not a time zone Intl knows" : undefined)}
            hint="An IANA name (Europe/Berlin, America/New_York, UTC). Start and end are read in it."
          />
          <datalist id="window-zones">
            {zones.map((z) => (
              <option key={z} value={z} />
            ))}
          </datalist>
          <label className="flex items-start gap-2 text-sm sm:pt-8">
            <input
              type="checkbox"
              name="weekly"
              checked={values.weekly}
              onChange={(e) => set("weekly", e.target.checked)}
              className="mt-1 accent-primary"
            />
            Every week at the same local time in this zone (through daylight-saving changes; less than a week
            long)
          </label>
          <Field
            id="window-starts"
            label="Starts"
            name="startsAt"
            type="datetime-local"
            value={values.startsAt}
            onChange={(e) => set("startsAt", e.target.value)}
            error={err("startsAt")}
            hint={timeHint(values.startsAt)}
          />
          <Field
            id="window-ends"
            label="Ends"
            name="endsAt"
            type="datetime-local"
            value={values.endsAt}
            onChange={(e) => set("endsAt", e.target.value)}
            error={err("endsAt")}
            hint={timeHint(values.endsAt)}
          />
        </div>
        {state.error && <ErrorMessage>{state.error}</ErrorMessage>}
        {state.done && <SuccessMessage>{state.done}</SuccessMessage>}
        <button type="submit" disabled={state.busy} className={`${buttonPrimary} self-start`}>
          {state.busy ? "Creating…" : "Create window"}
        </button>
      </form>
    </Card>
  );
}
