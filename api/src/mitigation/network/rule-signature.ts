import { communityNumber } from "./community.ts";
import { componentSignature, type FlowComponent, flowComponents } from "./flowspec-nlri.ts";
import type { Intent } from "./intent.ts";

/** A route as a speaker's RIB shows it, reduced to what decides whether it is the rule intended. */
export type RouteShape =
  | { kind: "FLOWSPEC"; components: FlowComponent[]; rateBytesPerSecond: number | undefined }
  | { kind: "RTBH"; prefix: string; communities: number[] };

export function shapeOfIntent(intent: Intent): RouteShape | undefined {
  if (intent.kind === "FLOWSPEC")
    return {
      kind: "FLOWSPEC",
      components: flowComponents(intent.match),
      rateBytesPerSecond: intent.rateBytesPerSecond,
    };
  if (intent.kind === "RTBH")
    return {
      kind: "RTBH",
      prefix: intent.prefix,
      communities: intent.communities.map(communityNumber).filter((n): n is number => n !== undefined),
    };
  return undefined;
}

/** Equal for an intent and the route a speaker holds for it (action and communities included). */
export function ruleSignature(shape: RouteShape): string {
  if (shape.kind === "FLOWSPEC")
    return `flow ${componentSignature(shape.components)} rate=${shape.rateBytesPerSecond ?? "none"}`;
  return `rtbh ${shape.prefix} ${[...shape.communities].sort((a, b) => a - b).join(",")}`;
}

export function intentSignature(intent: Intent): string | undefined {
  const shape = shapeOfIntent(intent);
  return shape && ruleSignature(shape);
}
