// The firewall rule form, checked in the browser with the same bounds the API enforces (name 1–100, TTL
// 10 s – 30 days unless permanent, a severity for SEVERITY and a family for FAMILY triggers, parameters a
// JSON object), so most mistakes are named before anything is sent. Pure, for node:test.
import { isIncidentVariable } from "@levee/shared/firewall/incident-variables";
import type { FieldProblem } from "@/lib/graphql/outcome";

export const TRIGGERS = ["THRESHOLD", "SEVERITY", "FAMILY", "MANUAL"] as const;
export type RuleTrigger = (typeof TRIGGERS)[number];
export const SEVERITIES = ["LOW", "MEDIUM", "HIGH", "CRITICAL"] as const;
export type RuleSeverity = (typeof SEVERITIES)[number];

export const TRIGGER_LABEL: Record<RuleTrigger, string> = {
  THRESHOLD: "Any threshold crossing",
  SEVERITY: "Severity at least…",
  FAMILY: "Attack family",
  MANUAL: "By hand only",
};

export const MAX_TTL_SECONDS = 30 * 86_400;

export interface RuleDraft {
  name: string;
  nodeId: string | null;
  actionType: string;
  params: Record<string, unknown>;
  trigger: RuleTrigger;
  minSeverity: RuleSeverity | null;
  family: string | null;
  ttlSeconds: number;
  permanent: boolean;
  enabled: boolean;
}

/** Parameters typed as JSON: an object, or the reason it is not one. */
export function parseParams(
  text: string,
): { ok: true; value: Record<string, unknown> } | { ok: false; message: string } {
  let value: unknown;
  try {
    value = JSON.parse(text.trim() === "" ? "{}" : text);
  } catch (error) {
    return { ok: false, message: `Not JSON: ${(error as Error).message}` };
  }
  if (typeof value !== "object" || value === null || Array.isArray(value))
    return { ok: false, message: 'Must be a JSON object, e.g. {"sources": ["$TOP_SOURCES"]}' };
  return { ok: true, value: value as Record<string, unknown> };
}

/**
 * Which incident variables these parameters name (the API's list), in the order they appear. A rule's preview has no incident, so the API fills
 * them with documentation values (192.0.2.1 for $TOP_SOURCES): the panel must say so, or the operator
 * reads `nft add element … 192.0.2.1/32` as the address the rule will drop.
 */
export function incidentVariablesIn(params: unknown): string[] {
  const found = new Set<string>();
  const walk = (value: unknown): void => {
    if (typeof value === "string") {
      if (isIncidentVariable(value)) found.add(value);
    } else if (Array.isArray(value)) value.forEach(walk);
    else if (value && typeof value === "object") Object.values(value).forEach(walk);
  };
  walk(params);
  return [...found];
}

/**
 * The parameters that name addresses (lists of prefixes, or one), across every action type. The API's
 * example of a type fills them with documentation addresses (192.0.2.10, 2001:db8::7): a rule saved from
 * that would act on them on every incident, so a new rule starts without them.
 */
const ADDRESS_PARAMS = ["sources", "prefixes", "source", "prefix"];
/** A list of sources starts as the incident's own: the top sources its capture names. */
const SOURCES_FROM_INCIDENT = "$TOP_SOURCES";

/**
 * What a new rule of an action type starts from: the API's example with every address taken out, a list
 * of sources as $TOP_SOURCES and any other address parameter empty (the form asks for it on saving).
 */
export function startingParams(example: unknown): Record<string, unknown> {
  if (!example || typeof example !== "object" || Array.isArray(example)) return {};
  return Object.fromEntries(
    Object.entries(example).map(([key, value]) => {
      if (!ADDRESS_PARAMS.includes(key)) return [key, value];
      if (key === "sources" && Array.isArray(value)) return [key, [SOURCES_FROM_INCIDENT]];
      return [key, Array.isArray(value) ? [] : ""];
    }),
  );
}

/** An address parameter left empty, named with what to write in it; null when every one is filled. */
export function emptyAddressParam(params: Record<string, unknown>): string | null {
  for (const key of ADDRESS_PARAMS) {
    const value = params[key];
    if (Array.isArray(value) ? value.length === 0 : value === "" || value === null)
      return Array.isArray(value)
        ? `"${key}" names no address: list the addresses or prefixes to act on (e.g. "198.51.100.0/24")${key === "sources" ? `, or "${SOURCES_FROM_INCIDENT}" for the incident's own` : ""}`
        : `"${key}" is empty: the address or prefix to act on (e.g. "198.51.100.0/24")`;
  }
  return null;
}

const text = (form: FormData, key: string) => String(form.get(key) ?? "").trim();

/** Reads the form; every problem is reported at once, by field name. */
export function readRuleForm(form: FormData): { draft: RuleDraft | null; problems: FieldProblem[] } {
  const problems: FieldProblem[] = [];
  const name = text(form, "name");
  if (name.length < 1 || name.length > 100) problems.push({ path: "name", message: "1–100 characters" });
  const actionType = text(form, "actionType");
  if (!actionType) problems.push({ path: "actionType", message: "Choose an action" });
  const params = parseParams(String(form.get("params") ?? ""));
  if (!params.ok) problems.push({ path: "params", message: params.message });
  const emptyAddress = params.ok ? emptyAddressParam(params.value) : null;
  if (emptyAddress) problems.push({ path: "params", message: emptyAddress });
  const trigger = text(form, "trigger") as RuleTrigger;
  if (!TRIGGERS.includes(trigger)) problems.push({ path: "trigger", message: "Choose a trigger" });
  const severity = text(form, "minSeverity");
  const minSeverity = SEVERITIES.includes(severity as RuleSeverity) ? (severity as RuleSeverity) : null;
  if (trigger === "SEVERITY" && !minSeverity)
    problems.push({ path: "minSeverity", message: "Required for a severity trigger" });
  const family = text(form, "family") || null;
  if (trigger === "FAMILY" && !family)
    problems.push({ path: "family", message: "Required for a family trigger" });
  const permanent = form.get("permanent") === "on";
  const ttlSeconds = Number(text(form, "ttlSeconds"));
  if (!permanent && !(Number.isInteger(ttlSeconds) && ttlSeconds >= 10 && ttlSeconds <= MAX_TTL_SECONDS))
    problems.push({ path: "ttlSeconds", message: `Whole seconds, 10–${MAX_TTL_SECONDS}` });
  if (problems.length > 0 || !params.ok) return { draft: null, problems };
  return {
    draft: {
      name,
      nodeId: text(form, "nodeId") || null,
      actionType,
      params: params.value,
      trigger,
      minSeverity: trigger === "SEVERITY" ? minSeverity : null,
      family: trigger === "FAMILY" ? family : null,
      ttlSeconds: permanent && !(ttlSeconds >= 10) ? 3600 : ttlSeconds,
      permanent,
      enabled: form.get("enabled") === "on",
    },
    problems,
  };
}
