import { parseCidr } from "@levee/shared/cidr";
import { z } from "zod";
import { ValidationError } from "../errors.ts";

export interface NodeLabel {
  key: string;
  value: string;
}

const prefix = z.string().transform((value, ctx) => {
  const parsed = parseCidr(value);
  if (!parsed.ok) {
    ctx.addIssue({ code: "custom", message: parsed.message });
    return z.NEVER;
  }
  return parsed.text;
});

/** Settings shared by createNode and updateNode; every field optional here, create requires name. */
const nodeFields = z.object({
  name: z
    .string()
    .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/, "must be 1–63 letters, digits, dots, dashes or underscores")
    .optional(),
  labels: z
    .array(
      z.object({
        key: z
          .string()
          .regex(/^[a-z0-9]([a-z0-9._/-]{0,61}[a-z0-9])?$/, "must be lower-case, 1–63 characters"),
        value: z.string().max(128, "must be at most 128 characters"),
      }),
    )
    .max(32, "at most 32 labels")
    .refine((labels) => new Set(labels.map((l) => l.key)).size === labels.length, "label keys must be unique")
    .optional(),
  interface: z
    .string()
    .regex(/^(auto|[A-Za-z0-9_.:@-]{1,15})$/, 'must be "auto" or a Linux interface name (≤ 15 characters)')
    .optional(),
  ownedPrefixes: z.array(prefix).max(256, "at most 256 prefixes").optional(),
});

export type NodeFields = z.output<typeof nodeFields>;

/** Validates and normalises (prefixes canonical and de-duplicated); errors carry input.* paths. */
export function parseNodeFields(input: Record<string, unknown>): NodeFields {
  const result = nodeFields.safeParse(input);
  if (!result.success) {
    throw new ValidationError(
      result.error.issues.map((issue) => ({
        path: ["input", ...issue.path].join("."),
        message: issue.message,
      })),
    );
  }
  const fields = result.data;
  if (fields.ownedPrefixes) fields.ownedPrefixes = [...new Set(fields.ownedPrefixes)];
  return fields;
}

export function labelsToJson(labels: NodeLabel[]): Record<string, string> {
  return Object.fromEntries(labels.map((l) => [l.key, l.value]));
}

export function labelsFromJson(json: unknown): NodeLabel[] {
  if (!json || typeof json !== "object") return [];
  return Object.entries(json as Record<string, unknown>)
    .map(([key, value]) => ({ key, value: String(value) }))
    .sort((a, b) => a.key.localeCompare(b.key));
}
