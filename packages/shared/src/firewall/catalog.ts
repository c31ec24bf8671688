import { ipsetActions, iptablesActions } from "./actions/iptables-actions.ts";
import { netdevActions } from "./actions/netdev-actions.ts";
import { nftActions } from "./actions/nft-actions.ts";
import { systemActions } from "./actions/system-actions.ts";
import type { ActionDefinition } from "./plan.ts";

/** Every action type Levee can apply on a node, keyed by its type name. */
export const ACTION_DEFINITIONS: ReadonlyMap<string, ActionDefinition> = new Map(
  [...nftActions, ...netdevActions, ...iptablesActions, ...ipsetActions, ...systemActions].map((d) => [
    d.type,
    d,
  ]),
);

export const ACTION_TYPES = [...ACTION_DEFINITIONS.keys()] as [string, ...string[]];

export function actionDefinition(type: string): ActionDefinition | undefined {
  return ACTION_DEFINITIONS.get(type);
}
