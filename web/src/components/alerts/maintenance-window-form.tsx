"use client";

import { canonicalZone, knownZones } from "@levee/shared/time-zones";
import { useRouter } from "next/navigation";
import { type FormEvent, useEffect, useId, useRef, useState } from "react";
import { useFormState } from "@/components/forms/use-form-state";
import { NodePicker } from "@/components/nodes/node-picker";
import { Card } from "@/components/ui/card";
import { ErrorMessage, SuccessMessage } from "@/components/ui/feedback";
import { Field } from "@/components/ui/field";
import { buttonPrimary, buttonSecondary } from "@/components/ui/styles";
import { readWindowForm } from "@/lib/alerts/maintenance-form";
import { type StoredWindow, type WindowValues, windowEdit } from "@/lib/alerts/window-edit";
import { formatInZone, localToInstant, toLocalInput, viewerZone } from "@/lib/alerts/zoned-time";
import { runMutation } from "@/lib/graphql/client-fetch";
import {
  CreateMaintenanceWindowMutation,
  UpdateMaintenanceWindowMutation,
} from "@/lib/graphql/operations/alert-routing";
import { type FieldProblem, fieldMessage } from "@/lib/graphql/outcome";
import { placeRefusal } from "@/lib/graphql/refusal";

const SHOWN = ["name", "nodeId", "timeZone", "startsAt", "endsAt", "weekly"];
const HOUR_MS = 3_600_000;

/** Start now and end in an hour, as wall-clock values in `zone`. */
const fromNow = (zone: string) => ({
  startsAt: toLocalInput(Date.now(), zone),
  endsAt: toLocalInput(Date.now() + HOUR_MS, zone),
});

/** Adding a window to a workspace, or editing one in place (its row's note says how it went). */
export type WindowFormMode =
  | { kind: "create"; workspaceId: string }
  | {
      kind: "edit";
      window: StoredWindow;
      onSaved: (note: string) => void;
      onCancel: () => void;
      /** While a save is on its way: the row's other actions (and switching forms) wait for it. */
      onBusy: (busy: boolean) => void;
    };

/**
 * The maintenance window form, for the workspace or one node, starting with `initial`. Start and end are
 * typed as wall-clock times in the chosen IANA zone (a new window's: the browser's, known only once in the
 * browser, so it is filled in after the first render; an edited one's: its own); the instants they name are
 * shown in the viewer's time when the zones differ. Editing, only what changed is sent (window-edit.ts).
 */
export function MaintenanceWindowForm({
  workspaceId,
  nodeNames,
  initial,
  mode,
}: Readonly<{
  workspaceId: string;
  /** Names of nodes the page knows by id (the windows' own), so a chosen node is named at once. */
  nodeNames: Readonly<Record<string, string>>;
  initial: WindowValues;
  mode: WindowFormMode;
}>) {
  const router = useRouter();
  const state = useFormState();
  const reactId = useId();
  const editing = mode.kind === "edit";
  /** Ids on the page: the create form's as they always were, each edit form's its own. */
  const idPrefix = editing ? `window-${reactId}` : "window";
  const [values, setValues] = useState(initial);
  /**
   * The window and the form's values as the form opened: an edit is what differs from them, not from a
   * later refresh (the page refreshes each second during an incident), which would send back fields the
   * user never touched and undo a change made meanwhile.
   */
  const [opened] = useState(() => ({
    values: initial,
    window: mode.kind === "edit" ? mode.window : undefined,
  }));
  const [viewer, setViewer] = useState<string | null>(null);
  const [zones, setZones] = useState<readonly string[]>([]);
  const set = <K extends keyof typeof values>(field: K, value: (typeof values)[K]) =>
    setValues((v) => ({ ...v, [field]: value }));
  const err = (name: string) => fieldMessage(state.fields, name);
  const refuse = (problems: FieldProblem[]) =>
    state.fail(placeRefusal({ code: "INVALID", message: "", fieldErrors: problems }, SHOWN));

  useEffect(() => {
    const zone = viewerZone();
    setViewer(zone);
    setZones(knownZones());
    setValues((v) => (v.timeZone ? v : { ...v, timeZone: zone, ...fromNow(zone) }));
  }, []);

  // Told when busy changes only (the row's callback is a new function each render).
  const onBusy = useRef(mode.kind === "edit" ? mode.onBusy : undefined);
  onBusy.current = mode.kind === "edit" ? mode.onBusy : undefined;
  useEffect(() => {
    if (state.busy) onBusy.current?.(true);
    return () => {
      if (state.busy) onBusy.current?.(false);
    };
  }, [state.busy]);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    state.begin();
    const { draft, problems } = readWindowForm(new FormData(event.currentTarget));
    if (!draft) return refuse(problems);
    if (mode.kind === "edit") {
      const sameZone = values.timeZone === opened.values.timeZone;
      const input = windowEdit(opened.window ?? mode.window, draft, {
        startsAt: sameZone && values.startsAt === opened.values.startsAt,
        endsAt: sameZone && values.endsAt === opened.values.endsAt,
      });
      if (!input) return mode.onSaved("Nothing changed");
      const outcome = await runMutation(
        UpdateMaintenanceWindowMutation,
        { input },
        (d) => d.updateMaintenanceWindow,
      );
      if (!outcome.ok) return state.fail(placeRefusal(outcome, SHOWN));
      return mode.onSaved(`Saved “${outcome.value.window.name}”`);
    }
    const outcome = await runMutation(
      CreateMaintenanceWindowMutation,
      { input: { workspaceId: mode.workspaceId, ...draft } },
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
  /** Under the end: the instant in the viewer's time, and what it means for a weekly window. */
  const endTime = timeHint(values.endsAt);
  const weeklyEnd = values.weekly
    ? "Weekly: the end sets how long every occurrence lasts (less than a week), not when the series stops."
    : undefined;
  const endHint =
    endTime && weeklyEnd ? (
      <>
        <span className="block">{endTime}</span>
        <span className="block">{weeklyEnd}</span>
      </>
    ) : (
      (endTime ?? weeklyEnd)
    );
  const form = (
    <form
      onSubmit={submit}
      noValidate
      aria-label={editing ? `Edit ${mode.window.name}` : "New maintenance window"}
      className={
        editing
          ? "flex flex-col gap-4 rounded-theme border border-muted/20 bg-background/50 p-4"
          : "flex flex-col gap-4"
      }
    >
      <div className="grid gap-4 sm:grid-cols-2">
        <Field
          id={`${idPrefix}-name`}
          label="Window name"
          name="name"
          maxLength={80}
          placeholder="Kernel upgrade, provider maintenance, …"
          value={values.name}
          onChange={(e) => set("name", e.target.value)}
          error={err("name")}
        />
        <NodePicker
          id={`${idPrefix}-node`}
          workspaceId={workspaceId}
          label="Applies to"
          name="nodeId"
          value={values.nodeId}
          knownName={nodeNames[values.nodeId]}
          onChange={(node) => set("nodeId", node?.id ?? "")}
          emptyChoice="Whole workspace"
          error={err("nodeId")}
        />
        <Field
          id={`${idPrefix}-zone`}
          label="Time zone"
          name="timeZone"
          list={`${idPrefix}-zones`}
          autoComplete="off"
          spellCheck={false}
          value={values.timeZone}
          onChange={(e) => set("timeZone", e.target.value)}
          error={err("timeZone") ?? (values.timeZone && !zone ? "Not a time zone Intl knows" : undefined)}
          hint="An IANA name (Europe/Berlin, America/New_York, UTC). Start and end are read in it."
        />
        <datalist id={`${idPrefix}-zones`}>
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
          id={`${idPrefix}-starts`}
          label="Starts"
          name="startsAt"
          type="datetime-local"
          value={values.startsAt}
          onChange={(e) => set("startsAt", e.target.value)}
          error={err("startsAt")}
          hint={timeHint(values.startsAt)}
        />
        <Field
          id={`${idPrefix}-ends`}
          label="Ends"
          name="endsAt"
          type="datetime-local"
          value={values.endsAt}
          onChange={(e) => set("endsAt", e.target.value)}
          error={err("endsAt")}
          hint={endHint}
        />
      </div>
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
          {state.busy ? "Creating…" : "Create window"}
        </button>
      )}
    </form>
  );
  return editing ? form : <Card title="New maintenance window">{form}</Card>;
}
