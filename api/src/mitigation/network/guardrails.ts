import { type Intent, type IntentProblem, levelOf, targetOf } from "./intent.ts";
import { covers, isHostPrefix, overlaps, type PrefixRange, prefixRange } from "./prefix-set.ts";

/**
 * What a workspace may announce. `ownedPrefixes` holds only VERIFIED prefixes: declared by the
 * workspace and approved by the deployment operator (see README "Network mitigation").
 */
export interface GuardrailScope {
  ownedPrefixes: string[];
  /** Addresses never filtered or blackholed (resolvers, monitoring, the routers themselves). */
  safelist: string[];
  /** Wider than a host route is allowed only for an escalated (operator or RTBH/scrubbing) rule. */
  escalated: boolean;
  /** Widest prefix an escalated FlowSpec/RTBH rule may name: /24 for IPv4, /48 for IPv6 by default. */
  widest?: { 4: number; 6: number };
}

const parseAll = (list: string[]) => list.map(prefixRange).filter((p): p is PrefixRange => p !== undefined);

/** Every reason the intent may not be announced for this workspace; empty when it may. */
export function checkGuardrails(intent: Intent, scope: GuardrailScope): IntentProblem[] {
  const problems: IntentProblem[] = [];
  const path = intent.kind === "FLOWSPEC" ? "match.destination" : "prefix";
  const target = prefixRange(targetOf(intent));
  if (!target) return [{ path, message: "is not a prefix" }];
  const owned = parseAll(scope.ownedPrefixes);
  const holder = owned.find((p) => covers(p, target));
  if (!holder)
    problems.push({
      path,
      message: `${target.text} is outside the workspace's verified prefixes (${scope.ownedPrefixes.join(", ") || "none"})`,
    });
  if (intent.kind === "SCRUBBING") {
    // Providers advertise whole prefixes: scrubbing names a verified prefix itself.
    if (holder && holder.length !== target.length)
      problems.push({
        path,
        message: `scrubbing advertises a whole verified prefix (${holder.text}), not a part of it`,
      });
  } else if (!isHostPrefix(target)) {
    const widest = (scope.widest ?? { 4: 24, 6: 48 })[target.version];
    if (!scope.escalated)
      problems.push({
        path,
        message: `must be a /${target.version === 4 ? 32 : 128} unless the rule is escalated`,
      });
    else if (target.length < widest)
      problems.push({
        path,
        message: `is wider than /${widest}, the widest escalated ${levelOf(intent)} rule`,
      });
  }
  const safe = parseAll(scope.safelist);
  const hit = safe.find((s) => overlaps(s, target));
  if (hit && intent.kind !== "SCRUBBING")
    problems.push({ path, message: `${target.text} overlaps safelisted ${hit.text}` });
  if (intent.kind === "FLOWSPEC" && intent.match.source) {
    const source = prefixRange(intent.match.source);
    const hitSource = source && safe.find((s) => overlaps(s, source));
    if (hitSource) problems.push({ path: "match.source", message: `overlaps safelisted ${hitSource.text}` });
  }
  return problems;
}

/**
 * Offline ownership verification: a declared prefix is verified when the deployment operator's
 * allow-list (the prefixes its upstream sessions accept from Levee) covers it and no other
 * workspace holds an overlapping verified prefix. Returns why not, or undefined when verified.
 */
export function verificationProblem(
  declared: string,
  operatorAllowList: string[],
  otherWorkspacesVerified: string[],
): string | undefined {
  const prefix = prefixRange(declared);
  if (!prefix) return `"${declared}" is not a prefix`;
  if (!parseAll(operatorAllowList).some((p) => covers(p, prefix)))
    return `${prefix.text} is not covered by the operator's allow-list (NETWORK_MITIGATION_ALLOWED_PREFIXES)`;
  const clash = parseAll(otherWorkspacesVerified).find((p) => overlaps(p, prefix));
  if (clash) return `${prefix.text} overlaps ${clash.text}, verified for another workspace`;
  return undefined;
}
