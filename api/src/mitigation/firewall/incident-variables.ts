// Rule parameters may name incident variables instead of fixed values; they are substituted
// here (pure), and the result is validated like any other parameters (addresses, prefixes and
// ports by the action type's schema) before anything is rendered.

import { type IncidentVariable, isIncidentVariable } from "@levee/shared/firewall/incident-variables";

export interface IncidentFacts {
  family: string | null;
  topSources: string[];
  targetAddress: string | null;
}

/** Reflection families → the port their reflectors answer from. */
const AMPLIFIER_PORTS: Record<string, number> = {
  DNS_AMPLIFICATION: 53,
  NTP_AMPLIFICATION: 123,
  MEMCACHED_AMPLIFICATION: 11211,
  SSDP_AMPLIFICATION: 1900,
};
const PROTOCOLS: Record<string, string> = {
  UDP_FLOOD: "udp",
  DNS_AMPLIFICATION: "udp",
  NTP_AMPLIFICATION: "udp",
  MEMCACHED_AMPLIFICATION: "udp",
  SSDP_AMPLIFICATION: "udp",
  REFLECTION_OTHER: "udp",
  SYN_FLOOD: "tcp",
  ACK_FLOOD: "tcp",
  RST_FLOOD: "tcp",
  TCP_FLAG_FLOOD: "tcp",
  HTTP_FLOOD: "tcp",
  ICMP_FLOOD: "icmp",
  GRE_FLOOD: "gre",
};

export function variableValues(facts: IncidentFacts): Partial<Record<IncidentVariable, unknown>> {
  const values: Partial<Record<IncidentVariable, unknown>> = {};
  if (facts.targetAddress) values.$TARGET_ADDRESS = facts.targetAddress;
  if (facts.topSources.length > 0) values.$TOP_SOURCES = facts.topSources;
  const port = facts.family ? AMPLIFIER_PORTS[facts.family] : undefined;
  if (port) values.$AMPLIFIER_PORT = port;
  const protocol = facts.family ? PROTOCOLS[facts.family] : undefined;
  if (protocol) values.$PROTOCOL = protocol;
  return values;
}

export const usesVariables = (params: unknown): boolean => JSON.stringify(params ?? null).includes('"$');

/**
 * Replaces every string equal to a variable; a list variable inside an array is spliced in.
 * Returns the variables the incident cannot supply (yet), if any.
 */
export function substitute(
  params: unknown,
  values: Partial<Record<IncidentVariable, unknown>>,
): { params: unknown; missing: string[] } {
  const missing = new Set<string>();
  const walk = (value: unknown): unknown => {
    if (Array.isArray(value))
      return value.flatMap((item) => {
        const replaced = walk(item);
        return typeof item === "string" && Array.isArray(replaced) ? replaced : [replaced];
      });
    if (value && typeof value === "object")
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, walk(v)]));
    if (typeof value === "string" && value.startsWith("$")) {
      if (isIncidentVariable(value)) {
        const found = values[value];
        if (found === undefined) missing.add(value);
        return found ?? value;
      }
      missing.add(value);
    }
    return value;
  };
  return { params: walk(params), missing: [...missing] };
}
