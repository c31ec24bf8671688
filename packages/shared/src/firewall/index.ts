// Firewall actions shared by the API (validation, preview) and the agent (validation, apply).

export { ipsetName } from "./actions/iptables-actions.ts";
export { SYSCTL_KEYS } from "./actions/system-actions.ts";
export { iptablesChainName, MAX_SLOT, NFT_TABLE, nftChainName, TC_PRIO_BASE } from "./backends.ts";
export { ACTION_DEFINITIONS, ACTION_TYPES, actionDefinition } from "./catalog.ts";
export { type Counters, parseCounters, sumCounters } from "./counters.ts";
export { exampleParams } from "./examples.ts";
export { checkGuardrails, type GuardrailVerdict, type ProtectedPrefix } from "./guardrails.ts";
export {
  describeIssues,
  type Intent,
  type IntentResult,
  type Issue,
  parseIntent,
  renderIntent,
} from "./intent.ts";
export type {
  ActionDefinition,
  Backend,
  Check,
  Command,
  CounterReader,
  Plan,
  Program,
  SharedObject,
} from "./plan.ts";
export { PROGRAMS } from "./plan.ts";
export { addressSchema, type Family, portSchema, prefixSchema } from "./values.ts";
