import { cidrContains, parseCidr } from "../network/cidr.ts";
import type { ActionDefinition } from "./plan.ts";

/** An address or prefix mitigation must never cut off, and why (shown in the refusal). */
export interface ProtectedPrefix {
  prefix: string;
  reason: string;
}

export interface GuardrailVerdict {
  refused: string[];
  warnings: string[];
}

const LARGE = { 4: 16, 6: 32 } as const;

/**
 * Checks one action's parameters: refused when a dropped/limited prefix covers (or sits inside)
 * a protected one — the node's management address, its gateway, the API, the operator's
 * safelist; warnings for very large prefixes and the type's own risks. Run by the API before
 * saving and before each run, and again by the agent before applying.
 */
export function checkGuardrails(
  definition: ActionDefinition,
  params: Record<string, unknown>,
  protectedList: readonly ProtectedPrefix[],
): GuardrailVerdict {
  const refused: string[] = [];
  const warnings = [...(definition.risks?.(params) ?? [])];
  const guards = protectedList.flatMap((p) => {
    const parsed = parseCidr(p.prefix);
    return parsed.ok ? [{ ...p, cidr: parsed.cidr }] : [];
  });
  for (const target of definition.targets?.(params) ?? []) {
    const parsed = parseCidr(target);
    if (!parsed.ok) continue;
    const cidr = parsed.cidr;
    for (const guard of guards)
      if (cidrContains(cidr, guard.cidr) || cidrContains(guard.cidr, cidr))
        refused.push(`${target} covers ${guard.reason} (${guard.prefix})`);
    if (cidr.prefixLength < LARGE[cidr.version])
      warnings.push(`${target} is a large prefix (/${cidr.prefixLength}): it affects every host in it`);
  }
  return { refused, warnings };
}
