"use client";

import { useRouter } from "next/navigation";
import { type FormEvent, useRef, useState } from "react";
import { useFormState } from "@/components/forms/use-form-state";
import { NodePicker } from "@/components/nodes/node-picker";
import { ErrorMessage, SuccessMessage } from "@/components/ui/feedback";
import { Field } from "@/components/ui/field";
import { SelectField } from "@/components/ui/select-field";
import { buttonPrimary, buttonSecondary, inputClass } from "@/components/ui/styles";
import { clientFetch, runMutation } from "@/lib/graphql/client-fetch";
import {
  CreateMitigationRuleMutation,
  PreviewMitigationQuery,
  UpdateMitigationRuleMutation,
} from "@/lib/graphql/operations/mitigation";
import { fieldMessage } from "@/lib/graphql/outcome";
import { FAMILY_LABEL } from "@/lib/incidents/families";
import {
  emptyAddressParam,
  incidentVariablesIn,
  parseParams,
  readRuleForm,
  SEVERITIES,
  startingParams,
  TRIGGER_LABEL,
  TRIGGERS,
} from "@/lib/mitigation/rule-form";
import { type Preview, PreviewPanel } from "./preview-panel";

export interface ActionType {
  type: string;
  backend: string;
  title: string;
  example?: unknown;
}
interface NodeChoice {
  id: string;
  name: string;
}

export interface RuleValues {
  id: string;
  name: string;
  nodeId?: string | null;
  actionType: string;
  params: unknown;
  trigger: string;
  minSeverity?: string | null;
  family?: string | null;
  ttlSeconds: number;
  permanent: boolean;
  enabled: boolean;
}
/** A new rule's parameters: the type's example without its documentation addresses (startingParams). */
const startingText = (types: readonly ActionType[], type: string) =>
  JSON.stringify(startingParams(types.find((t) => t.type === type)?.example), null, 2);

/** Create or edit a rule; "Preview" shows the exact argv on a node before anything is saved. */
export function RuleEditor({
  workspaceId,
  nodeNames,
  actionTypes,
  rule,
  onDone,
}: Readonly<{
  workspaceId: string;
  /** Names of the nodes the page knows by id (the rules' own). */
  nodeNames: Readonly<Record<string, string>>;
  actionTypes: readonly ActionType[];
  rule?: RuleValues | null;
  onDone?: () => void;
}>) {
  const router = useRouter();
  const state = useFormState();
  const formRef = useRef<HTMLFormElement>(null);
  const [actionType, setActionType] = useState(rule?.actionType ?? actionTypes[0]?.type ?? "");
  const [params, setParams] = useState(
    rule ? JSON.stringify(rule.params, null, 2) : startingText(actionTypes, actionTypes[0]?.type ?? ""),
  );
  const [trigger, setTrigger] = useState(rule?.trigger ?? "THRESHOLD");
  const [preview, setPreview] = useState<{
    result: Preview;
    nodeName: string;
    exampleVariables: string[];
  } | null>(null);
  const [previewError, setPreviewError] = useState<string | null>(null);
  /** The rule's node (none: every node of the workspace). */
  const [ruleNode, setRuleNode] = useState<NodeChoice | null>(() =>
    rule?.nodeId ? { id: rule.nodeId, name: nodeNames[rule.nodeId] ?? "a removed node" } : null,
  );
  /** For an every-node rule, the node its preview is rendered for. */
  const [previewNode, setPreviewNode] = useState<NodeChoice | null>(null);
  const prefix = rule ? `rule-${rule.id}` : "new-rule";

  async function runPreview() {
    setPreviewError(null);
    const parsed = parseParams(params);
    if (!parsed.ok) return setPreviewError(parsed.message);
    const emptyAddress = emptyAddressParam(parsed.value);
    if (emptyAddress) return setPreviewError(emptyAddress);
    const node = ruleNode ?? previewNode;
    if (!node)
      return setPreviewError("Choose the node to preview on: a preview is rendered for one node's host.");
    try {
      const { data, errors } = await clientFetch(PreviewMitigationQuery, {
        input: { nodeId: node.id, actionType, params: parsed.value, exampleIncident: true },
      });
      if (!data) return setPreviewError(errors[0]?.message ?? "The API returned no preview.");
      setPreview({
        result: data.previewMitigation,
        nodeName: node.name,
        exampleVariables: incidentVariablesIn(parsed.value),
      });
    } catch (error) {
      setPreviewError(String((error as Error).message ?? error));
    }
  }

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const { draft, problems } = readRuleForm(new FormData(event.currentTarget));
    if (!draft) return state.invalid(problems);
    state.begin();
    const { nodeId, ...changes } = draft;
    const outcome = rule
      ? await runMutation(
          UpdateMitigationRuleMutation,
          { input: { ruleId: rule.id, ...changes } },
          (d) => d.updateMitigationRule,
        )
      : await runMutation(
          CreateMitigationRuleMutation,
          { input: { workspaceId, nodeId, ...changes } },
          (d) => d.createMitigationRule,
        );
    if (!outcome.ok) return state.fail(outcome);
    state.succeed(rule ? "Rule saved." : "Rule created.");
    if (!rule) {
      formRef.current?.reset();
      setRuleNode(null);
      setPreview(null);
    }
    router.refresh();
    onDone?.();
  }

  const id = (name: string) => `${prefix}-${name}`;
  const err = (name: string) => fieldMessage(state.fields, name);
  return (
    <form
      ref={formRef}
      onSubmit={onSubmit}
      noValidate
      className="flex flex-col gap-4"
      aria-label={rule ? `Edit ${rule.name}` : "New rule"}
    >
      <div className="grid gap-4 md:grid-cols-2">
        <Field
          id={id("name")}
          label="Rule name"
          name="name"
          required
          maxLength={100}
          defaultValue={rule?.name}
          error={err("name")}
        />
        <NodePicker
          id={id("node")}
          workspaceId={workspaceId}
          label="Node"
          name="nodeId"
          value={ruleNode?.id ?? ""}
          knownName={ruleNode?.name}
          emptyChoice="Every node of the workspace"
          disabled={Boolean(rule)}
          hint={rule ? "A rule's node is fixed; delete and re-create to move it." : undefined}
          onChange={setRuleNode}
        />
        <SelectField
          id={id("action")}
          label="Action"
          name="actionType"
          value={actionType}
          error={err("actionType")}
          onChange={(e) => {
            const next = e.currentTarget.value;
            setActionType(next);
            setParams(startingText(actionTypes, next));
            setPreview(null);
          }}
        >
          {actionTypes.map((t) => (
            <option key={t.type} value={t.type}>
              {t.title} ({t.backend})
            </option>
          ))}
        </SelectField>
        <SelectField
          id={id("trigger")}
          label="Trigger"
          name="trigger"
          value={trigger}
          onChange={(e) => setTrigger(e.currentTarget.value)}
          error={err("trigger")}
        >
          {TRIGGERS.map((t) => (
            <option key={t} value={t}>
              {TRIGGER_LABEL[t]}
            </option>
          ))}
        </SelectField>
        {trigger === "SEVERITY" && (
          <SelectField
            id={id("severity")}
            label="Minimum severity"
            name="minSeverity"
            defaultValue={rule?.minSeverity ?? "HIGH"}
            error={err("minSeverity")}
          >
            {SEVERITIES.map((s) => (
              <option key={s} value={s}>
                {s.toLowerCase()}
              </option>
            ))}
          </SelectField>
        )}
        {trigger === "FAMILY" && (
          <SelectField
            id={id("family")}
            label="Attack family"
            name="family"
            defaultValue={rule?.family ?? ""}
            error={err("family")}
          >
            <option value="">Choose…</option>
            {Object.entries(FAMILY_LABEL).map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </SelectField>
        )}
        <Field
          id={id("ttl")}
          label="Lifetime (seconds)"
          name="ttlSeconds"
          type="number"
          min={10}
          max={2_592_000}
          defaultValue={rule?.ttlSeconds ?? 600}
          error={err("ttlSeconds")}
          hint="The agent removes the action then, API or not."
        />
      </div>
      <div className="flex flex-col gap-1.5">
        <label htmlFor={id("params")} className="text-sm font-medium">
          Parameters (JSON)
        </label>
        <textarea
          id={id("params")}
          name="params"
          rows={6}
          spellCheck={false}
          className={`${inputClass} font-mono text-xs`}
          value={params}
          onChange={(e) => setParams(e.currentTarget.value)}
          aria-invalid={err("params") ? true : undefined}
          aria-describedby={id("params-hint")}
        />
        <span id={id("params-hint")} className={`text-xs ${err("params") ? "text-danger" : "text-muted"}`}>
          {err("params") ??
            "May name $TARGET_ADDRESS, $TOP_SOURCES, $AMPLIFIER_PORT or $PROTOCOL, filled from the incident."}
        </span>
      </div>
      <div className="flex flex-wrap gap-6 text-sm">
        <label className="flex items-center gap-2">
          <input type="checkbox" name="enabled" defaultChecked={rule?.enabled ?? true} /> Enabled
        </label>
        <label className="flex items-center gap-2">
          <input type="checkbox" name="permanent" defaultChecked={rule?.permanent ?? false} /> Permanent (no
          TTL, kept through the dead-man switch)
        </label>
      </div>
      <div className="flex flex-wrap items-end gap-3">
        {/* Wide enough for the picker's placeholder ("Type a node's name or hostname"): at its own
            width, the input's default of about 20 characters, it read "Type a node's name or h". */}
        {!ruleNode && (
          <div className="w-full sm:w-80">
            <NodePicker
              id={id("preview-node")}
              workspaceId={workspaceId}
              label="Preview on"
              value={previewNode?.id ?? ""}
              onChange={setPreviewNode}
            />
          </div>
        )}
        <button type="button" className={buttonSecondary} onClick={runPreview}>
          Preview
        </button>
        <button type="submit" disabled={state.busy} className={buttonPrimary}>
          {state.busy ? "Saving…" : rule ? "Save rule" : "Create rule"}
        </button>
      </div>
      {previewError && <ErrorMessage>{previewError}</ErrorMessage>}
      {preview && (
        <PreviewPanel
          preview={preview.result}
          nodeName={preview.nodeName}
          exampleVariables={preview.exampleVariables}
        />
      )}
      {state.error && <ErrorMessage>{state.error}</ErrorMessage>}
      {state.done && <SuccessMessage>{state.done}</SuccessMessage>}
    </form>
  );
}
