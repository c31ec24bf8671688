"use client";

import { useRouter } from "next/navigation";
import { type FormEvent, useEffect, useRef, useState } from "react";
import { useRowKeys } from "@/components/alerts/use-row-keys";
import { useFormState } from "@/components/forms/use-form-state";
import { ErrorMessage, SuccessMessage } from "@/components/ui/feedback";
import { Field } from "@/components/ui/field";
import { buttonDanger, buttonPrimary, buttonSecondary } from "@/components/ui/styles";
import { TextAreaField } from "@/components/ui/textarea-field";
import { runMutation } from "@/lib/graphql/client-fetch";
import { UpdateNodeMutation } from "@/lib/graphql/operations/nodes";
import { type FieldProblem, fieldMessage } from "@/lib/graphql/outcome";
import { placeRefusal } from "@/lib/graphql/refusal";
import {
  changedFields,
  labelField,
  labelProblem,
  labelsProblem,
  type NodeSettings,
  nodeSettingsEdit,
  prefixLines,
  prefixProblem,
  readNodeSettingsForm,
  shownFields,
} from "@/lib/nodes/node-settings";

type FormState = ReturnType<typeof useFormState>;

/**
 * A node's name, interface, labels and owned prefixes (updateNode). Only what changed is sent; what was typed
 * stays when the API refuses it, each problem on its field. Saved, the form starts again from what the API
 * stored (prefixes in their canonical form) and the page is refreshed.
 */
export function NodeSettingsForm({
  nodeId,
  initial,
  interfaceRules,
}: Readonly<{
  nodeId: string;
  initial: NodeSettings;
  /** Whether the agent lets the setting be edited (it may pin its own), and what the field says. */
  interfaceRules: { editable: boolean; hint: string };
}>) {
  const router = useRouter();
  const state = useFormState();
  /**
   * The settings the form's inputs started with: an edit is what differs from them (not from a later
   * refresh of the page, which would send back fields never touched). Saved, they are what the API stored.
   */
  const [stored, setStored] = useState(initial);
  /** A new form (its inputs filled in again) for each save. */
  const [version, setVersion] = useState(0);
  return (
    <SettingsForm
      key={version}
      saved={version > 0}
      nodeId={nodeId}
      stored={stored}
      state={state}
      interfaceRules={interfaceRules}
      onSaved={(saved) => {
        setStored(saved);
        setVersion((v) => v + 1);
        router.refresh();
      }}
    />
  );
}

function SettingsForm({
  saved,
  nodeId,
  stored,
  state,
  interfaceRules,
  onSaved,
}: Readonly<{
  /** Mounted again after a save: focus goes back to its Save button (it was on the old one). */
  saved: boolean;
  nodeId: string;
  stored: NodeSettings;
  state: FormState;
  interfaceRules: { editable: boolean; hint: string };
  onSaved: (saved: NodeSettings) => void;
}>) {
  const rows = useRowKeys("label", stored.labels.length, () => state.invalid([]));
  const saveButton = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (saved) saveButton.current?.focus();
  }, [saved]);
  /** What the last submit read: the API names labels and prefixes by their place in what was sent. */
  const [sent, setSent] = useState<{ labelRows: readonly string[]; prefixes: readonly string[] }>({
    labelRows: [],
    prefixes: [],
  });
  const storedLabel = (key: string) => stored.labels[rows.initialKeys.indexOf(key)];
  const err = (name: string) => fieldMessage(state.fields, name);
  const rowProblem = (row: string, field: "key" | "value") => {
    const index = sent.labelRows.indexOf(row);
    return index < 0 ? undefined : labelProblem(state.fields, index, field);
  };
  const refuse = (
    refusal: { code: string; message: string; fieldErrors: readonly FieldProblem[] },
    labels: number,
    prefixes: number,
  ) => state.fail(placeRefusal(refusal, shownFields(labels, prefixes)));

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const { draft, labelRows, problems } = readNodeSettingsForm(new FormData(event.currentTarget), rows.keys);
    state.begin();
    setSent({ labelRows, prefixes: draft?.ownedPrefixes ?? [] });
    if (!draft) return refuse({ code: "INVALID", message: "", fieldErrors: problems }, labelRows.length, 0);
    const input = nodeSettingsEdit(nodeId, stored, draft);
    if (!input) return state.succeed("Nothing changed.");
    const outcome = await runMutation(UpdateNodeMutation, { input }, (d) => d.updateNode);
    if (!outcome.ok) return refuse(outcome, labelRows.length, draft.ownedPrefixes.length);
    const { node } = outcome.value;
    state.succeed(`Saved: ${changedFields(input)} changed.`);
    onSaved({
      name: node.name,
      interface: node.interface,
      labels: node.labels,
      ownedPrefixes: node.ownedPrefixes,
    });
  }

  return (
    <form onSubmit={submit} noValidate aria-label="Node settings" className="flex flex-col gap-5">
      <div className="grid gap-4 sm:grid-cols-2">
        <Field
          id="node-settings-name"
          label="Node name"
          name="name"
          maxLength={63}
          defaultValue={stored.name}
          error={err("name")}
          hint="Letters, digits, dots, dashes or underscores; unique in this workspace."
        />
        <Field
          id="node-settings-interface"
          label="Interface"
          name="interface"
          maxLength={15}
          defaultValue={stored.interface}
          readOnly={!interfaceRules.editable}
          error={err("interface")}
          hint={interfaceRules.hint}
        />
      </div>
      <div className="flex flex-col gap-3">
        <div>
          <h3 className="text-sm font-medium">Labels</h3>
          <p className="text-xs text-muted">
            Escalation policies route incidents by their node's labels (a value may be empty).
          </p>
          {labelsProblem(state.fields) && (
            <p className="text-xs text-danger">{labelsProblem(state.fields)}</p>
          )}
        </div>
        {rows.keys.map((row, i) => (
          <div
            key={row}
            data-testid="node-label"
            className="grid items-start gap-3 sm:grid-cols-[1fr_1fr_auto]"
          >
            <Field
              id={`node-settings-${row}-key`}
              label={`Label ${i + 1} key`}
              name={labelField(row, "key")}
              placeholder="role"
              maxLength={63}
              defaultValue={storedLabel(row)?.key}
              error={rowProblem(row, "key")}
            />
            <Field
              id={`node-settings-${row}-value`}
              label={`Label ${i + 1} value`}
              name={labelField(row, "value")}
              placeholder="edge"
              maxLength={128}
              defaultValue={storedLabel(row)?.value}
              error={rowProblem(row, "value")}
            />
            <button type="button" className={`${buttonDanger} sm:mt-7`} onClick={() => rows.remove(row)}>
              Remove<span className="sr-only"> label {i + 1}</span>
            </button>
          </div>
        ))}
        <button type="button" className={`${buttonSecondary} self-start`} onClick={rows.add}>
          Add a label
        </button>
      </div>
      <TextAreaField
        id="node-settings-prefixes"
        label="Owned prefixes"
        name="ownedPrefixes"
        rows={4}
        spellCheck={false}
        className="font-mono"
        placeholder={"203.0.113.0/24\n2001:db8::/48"}
        defaultValue={prefixLines(stored.ownedPrefixes)}
        error={prefixProblem(state.fields, sent.prefixes)}
        hint="The addresses and prefixes this node owns: one IPv4 or IPv6 address or CIDR prefix a line."
      />
      {state.error && <ErrorMessage>{state.error}</ErrorMessage>}
      {state.done && <SuccessMessage>{state.done}</SuccessMessage>}
      <button ref={saveButton} type="submit" disabled={state.busy} className={`${buttonPrimary} self-start`}>
        {state.busy ? "Saving…" : "Save settings"}
      </button>
    </form>
  );
}
