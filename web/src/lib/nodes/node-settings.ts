// The node page's settings form (name, interface, labels, owned prefixes), read into updateNode's input. The
// API keeps every field an update leaves out and replaces labels and prefixes whole when they are sent
// (api/src/nodes/node.service.ts), so an edit sends only what changed. Only a label's key is checked here,
// as the escalation policy form checks it (lib/alerts/policy-form.ts); the API checks the rest (name,
// interface, prefixes as CIDR, unique keys) and its problems are shown per field. Pure, for node:test.
import { roleCan } from "@levee/shared/auth/permissions";
import type { Role, UpdateNodeInput } from "@/lib/graphql/generated/graphql";
import { labelField, NODE_LABEL_KEY, NODE_LABEL_KEY_MESSAGE } from "../alerts/policy-form";
import { type FieldProblem, pathNames } from "../graphql/outcome";

export { labelField };

/** Who may change a node's settings (node:update) and delete it (node:delete): the API's own table. */
export const canUpdateNode = (role: Role | null | undefined) => roleCan(role, "node:update");
export const canDeleteNode = (role: Role | null | undefined) => roleCan(role, "node:delete");

export interface NodeLabel {
  key: string;
  value: string;
}

/** A node's settings as stored (the form starts with them) and as the form reads them. */
export interface NodeSettings {
  name: string;
  interface: string;
  labels: readonly NodeLabel[];
  ownedPrefixes: readonly string[];
}

const text = (form: FormData, name: string) => String(form.get(name) ?? "").trim();

/** One prefix a line; blank lines and surrounding spaces are left out. */
export const readPrefixes = (lines: string): string[] =>
  lines
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== "");

/** The textarea's text for a stored list. */
export const prefixLines = (prefixes: readonly string[]) => prefixes.join("\n");

/**
 * Reads the form (label rows named by their stable keys, `rows`, in order; a row with neither key nor value
 * is left out), with the row each label came from (`labelRows`, by its place among the labels sent).
 * Problems use the API's paths (without `input.`): `labels.<i>.key` by that place, as the API names it.
 */
export function readNodeSettingsForm(
  form: FormData,
  rows: readonly string[],
): { draft: NodeSettings | null; labelRows: string[]; problems: FieldProblem[] } {
  const problems: FieldProblem[] = [];
  const labels: NodeLabel[] = [];
  const labelRows: string[] = [];
  for (const row of rows) {
    const label = { key: text(form, labelField(row, "key")), value: text(form, labelField(row, "value")) };
    if (!label.key && !label.value) continue;
    if (!NODE_LABEL_KEY.test(label.key))
      problems.push({ path: `labels.${labels.length}.key`, message: NODE_LABEL_KEY_MESSAGE });
    labels.push(label);
    labelRows.push(row);
  }
  const draft: NodeSettings = {
    name: text(form, "name"),
    interface: text(form, "interface"),
    labels,
    ownedPrefixes: readPrefixes(String(form.get("ownedPrefixes") ?? "")),
  };
  return { draft: problems.length > 0 ? null : draft, labelRows, problems };
}

/** Labels are a set by key (the API stores them as an object and lists them sorted): order does not matter. */
const labelText = (labels: readonly NodeLabel[]) =>
  labels
    .map((l) => `${l.key}=${l.value}`)
    .sort()
    .join("\n");
const sameList = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && a.every((item, i) => item === b[i]);

/** The update for the form's values with only what changed, or null when nothing did (no call, no audit entry). */
export function nodeSettingsEdit(
  nodeId: string,
  stored: NodeSettings,
  draft: NodeSettings,
): UpdateNodeInput | null {
  const input: UpdateNodeInput = { nodeId };
  if (draft.name !== stored.name) input.name = draft.name;
  if (draft.interface !== stored.interface) input.interface = draft.interface;
  if (labelText(draft.labels) !== labelText(stored.labels))
    input.labels = draft.labels.map(({ key, value }) => ({ key, value }));
  if (!sameList(draft.ownedPrefixes, stored.ownedPrefixes)) input.ownedPrefixes = [...draft.ownedPrefixes];
  return Object.keys(input).length > 1 ? input : null;
}

const FIELD_NAMES = {
  name: "name",
  interface: "interface",
  labels: "labels",
  ownedPrefixes: "owned prefixes",
};

/** What an update changes, in words ("name, labels"), for the form's success line. */
export const changedFields = (input: UpdateNodeInput) =>
  (Object.keys(FIELD_NAMES) as (keyof typeof FIELD_NAMES)[])
    .filter((field) => input[field] !== undefined)
    .map((field) => FIELD_NAMES[field])
    .join(", ");

/** A problem with one label's key or value (`labels.<i>.key`), the label at place `i` of those sent. */
export function labelProblem(
  problems: readonly FieldProblem[],
  index: number,
  field: "key" | "value",
): string | undefined {
  return problems.find((p) => pathNames(p.path, `labels.${index}.${field}`))?.message;
}

/** A problem with the labels as a whole (`labels`: too many, keys not unique). */
export const labelsProblem = (problems: readonly FieldProblem[]) =>
  problems.find((p) => pathNames(p.path, "labels"))?.message;

/**
 * What a prefixes field shows: the list's own problem (`ownedPrefixes`, or the `field` given), or
 * each refused prefix (`ownedPrefixes.<i>`, by its place in the list sent) named in its problem.
 */
export function prefixProblem(
  problems: readonly FieldProblem[],
  sent: readonly string[],
  field = "ownedPrefixes",
): string | undefined {
  const itemPath = new RegExp(`(?:^|\\.)${field}\\.(\\d+)$`);
  const messages = problems.flatMap((p) => {
    if (pathNames(p.path, field)) return [p.message];
    const item = itemPath.exec(p.path);
    if (!item) return [];
    const prefix = sent[Number(item[1])];
    // The API's message quotes the prefix it refuses; one that does not is named here.
    return [prefix === undefined || p.message.includes(prefix) ? p.message : `“${prefix}”: ${p.message}`];
  });
  return messages.length > 0 ? messages.join("; ") : undefined;
}

/**
 * Every field path the form marks a problem on (for placeRefusal, lib/graphql/refusal.ts: the form's line
 * names only the rest): `labels` labels sent, `prefixes` prefixes sent.
 */
export function shownFields(labels: number, prefixes: number): string[] {
  return [
    "name",
    "interface",
    "labels",
    "ownedPrefixes",
    ...Array.from({ length: labels }, (_, i) => [`labels.${i}.key`, `labels.${i}.value`]).flat(),
    ...Array.from({ length: prefixes }, (_, i) => `ownedPrefixes.${i}`),
  ];
}
