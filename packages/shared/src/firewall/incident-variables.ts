// The incident variables a firewall rule's parameters may name instead of fixed values. The API
// substitutes them when a rule fires (api/src/mitigation/firewall/incident-variables.ts); the web
// app's rule form names the ones a preview filled with example values. One list, so a variable the
// API learns is never previewed as if it were the address the rule drops.

export const INCIDENT_VARIABLES = [
  "$TARGET_ADDRESS",
  "$TOP_SOURCES",
  "$AMPLIFIER_PORT",
  "$PROTOCOL",
] as const;
export type IncidentVariable = (typeof INCIDENT_VARIABLES)[number];

export const isIncidentVariable = (value: string): value is IncidentVariable =>
  (INCIDENT_VARIABLES as readonly string[]).includes(value);
