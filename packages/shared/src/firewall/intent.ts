import { z } from "zod";
import { MAX_SLOT } from "./backends.ts";
import { ACTION_DEFINITIONS } from "./catalog.ts";
import type { ActionDefinition, Plan } from "./plan.ts";
import { actionIdSchema } from "./values.ts";

/** What the API stores and the agent receives: an action type and its parameters, never a command. */
export interface Intent {
  id: string;
  type: string;
  slot: number;
  params: Record<string, unknown>;
}

export interface Issue {
  path: string;
  message: string;
}

export type IntentResult =
  | { ok: true; intent: Intent; definition: ActionDefinition }
  | { ok: false; issues: Issue[] };

const envelope = z
  .object({
    id: actionIdSchema,
    type: z.string().max(64),
    slot: z.number().int().min(1).max(MAX_SLOT),
    params: z.record(z.string(), z.unknown()),
  })
  .strict();

const issues = (error: z.ZodError, prefix: string[] = []): Issue[] =>
  error.issues.map((issue) => ({
    path: [...prefix, ...issue.path.map(String)].join("."),
    message: issue.message,
  }));

/**
 * Validates an intent: the envelope, then the parameters against the type's schema. The
 * returned params are the schema's output (canonical addresses, defaults filled in), which
 * is what renderers receive.
 */
export function parseIntent(input: unknown): IntentResult {
  const base = envelope.safeParse(input);
  if (!base.success) return { ok: false, issues: issues(base.error) };
  const definition = ACTION_DEFINITIONS.get(base.data.type);
  if (!definition)
    return {
      ok: false,
      issues: [{ path: "type", message: `unknown action type "${base.data.type.slice(0, 64)}"` }],
    };
  const params = definition.params.safeParse(base.data.params);
  if (!params.success) return { ok: false, issues: issues(params.error, ["params"]) };
  return { ok: true, intent: { ...base.data, params: params.data as Record<string, unknown> }, definition };
}

/** Renders a validated intent (`remembered`: the value read before apply, for undo). */
export function renderIntent(definition: ActionDefinition, intent: Intent, remembered?: string): Plan {
  return definition.render(intent.params, { id: intent.id, slot: intent.slot, remembered });
}

export const describeIssues = (list: Issue[]) =>
  list.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)).join("; ");
