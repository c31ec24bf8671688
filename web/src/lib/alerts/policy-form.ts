// The escalation policy form, read into createEscalationPolicy's input (what an edit sends of it:
// policy-edit.ts). Only what must hold before anything is sent is checked here (numbers are whole numbers,
// a label key a node could have); the API checks the rest (name, bounds, severities, families, a channel in
// every step) and its problems are shown per field. Step and label rows are named by stable keys (rows come
// and go); problems name them by position on the form, as the API names steps (`steps.1.channelIds`; an
// empty label row is left out). Pure, for node:test.
import { ATTACK_FAMILIES } from "@levee/shared/classification/families";
import type { Severity } from "@/lib/graphql/generated/graphql";
import type { FieldProblem } from "@/lib/graphql/outcome";

/** The schema's severities, lowest first (a Record, so a new one fails the type check until it is named). */
export const SEVERITY_LABEL: Record<Severity, string> = {
  LOW: "Low",
  MEDIUM: "Medium",
  HIGH: "High",
  CRITICAL: "Critical",
};
/** The severities, lowest first: the list the incident filters use. */
export { SEVERITIES } from "../incidents/incident-filters";

/** The families the API accepts in a policy: the classifier's own list. */
export const POLICY_FAMILIES: readonly string[] = ATTACK_FAMILIES;

export const MAX_STEPS = 10;

/**
 * A node label's key as nodes may carry it (api/src/nodes/node-input.ts): the API stores a policy's labels as
 * typed, and a key no node can have would never match. Values may be empty, as on nodes.
 */
export const NODE_LABEL_KEY = /^[a-z0-9]([a-z0-9._/-]{0,61}[a-z0-9])?$/;
export const NODE_LABEL_KEY_MESSAGE = "Lower-case letters, digits and . _ / - (1–63), as node labels have";

export interface PolicyDraft {
  name: string;
  position: number;
  sharedWithCustomers: boolean;
  severities: string[];
  families: string[];
  nodeLabels: { key: string; value: string }[];
  steps: { channelIds: string[]; delaySeconds: number }[];
  repeat: number;
  repeatAfterSeconds: number;
}

/** A policy's values as stored and listed: what the form starts with (a new one: newPolicyValues). */
export interface PolicyValues {
  name: string;
  position: number;
  sharedWithCustomers: boolean;
  severities: readonly string[];
  families: readonly string[];
  nodeLabels: readonly { key: string; value: string }[];
  steps: readonly { channelIds: readonly string[]; delaySeconds: number }[];
  repeat: number;
  repeatAfterSeconds: number;
}

/** A new policy's form: matches any incident, one step at once, no repeats, after the last policy. */
export const newPolicyValues = (position: number): PolicyValues => ({
  name: "",
  position,
  sharedWithCustomers: false,
  severities: [],
  families: [],
  nodeLabels: [],
  steps: [{ channelIds: [], delaySeconds: 0 }],
  repeat: 0,
  repeatAfterSeconds: 300,
});

/** The keys of the rows on the form, in order. */
export interface PolicyRows {
  steps: readonly string[];
  labels: readonly string[];
}

export const stepField = (key: string, field: "channelIds" | "delaySeconds") => `steps.${key}.${field}`;
export const labelField = (key: string, field: "key" | "value") => `labels.${key}.${field}`;

const text = (form: FormData, name: string) => String(form.get(name) ?? "").trim();

/** Reads the form; every problem is reported at once, by the API's field paths (without `input.`). */
export function readPolicyForm(
  form: FormData,
  rows: PolicyRows,
): { draft: PolicyDraft | null; problems: FieldProblem[] } {
  const problems: FieldProblem[] = [];
  const whole = (name: string, path = name) => {
    const value = text(form, name);
    if (/^\d+$/.test(value)) return Number(value);
    problems.push({ path, message: "Enter a whole number of 0 or more" });
    return 0;
  };
  const position = whole("position");
  const repeat = whole("repeat");
  const repeatAfterSeconds = whole("repeatAfterSeconds");
  const nodeLabels: PolicyDraft["nodeLabels"] = [];
  rows.labels.forEach((key, i) => {
    const label = { key: text(form, labelField(key, "key")), value: text(form, labelField(key, "value")) };
    if (!label.key && !label.value) return;
    if (!NODE_LABEL_KEY.test(label.key))
      problems.push({ path: `nodeLabels.${i}.key`, message: NODE_LABEL_KEY_MESSAGE });
    nodeLabels.push(label);
  });
  const steps = rows.steps.map((key, i) => ({
    channelIds: form.getAll(stepField(key, "channelIds")).map(String),
    delaySeconds: whole(stepField(key, "delaySeconds"), `steps.${i}.delaySeconds`),
  }));
  const draft: PolicyDraft = {
    name: text(form, "name"),
    position,
    sharedWithCustomers: form.get("sharedWithCustomers") === "on",
    severities: form.getAll("severities").map(String),
    families: form.getAll("families").map(String),
    nodeLabels,
    steps,
    repeat,
    repeatAfterSeconds,
  };
  return problems.length > 0 ? { draft: null, problems } : { draft, problems };
}
