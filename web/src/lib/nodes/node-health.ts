// The one status a person reads for a node, from its agent connectivity, detection state and baseline.
// Order matters: an attack outranks everything, a silent agent outranks a learning baseline.

export type NodeHealth = "UNDER_ATTACK" | "ELEVATED" | "OFFLINE" | "PENDING" | "LEARNING" | "ONLINE";

export interface NodeHealthInput {
  status: string; // ONLINE | OFFLINE | PENDING
  detectionState: string; // NORMAL | ELEVATED | ATTACK
  learning: boolean;
}

export function nodeHealth({ status, detectionState, learning }: NodeHealthInput): NodeHealth {
  if (detectionState === "ATTACK") return "UNDER_ATTACK";
  if (status === "OFFLINE") return "OFFLINE";
  if (status === "PENDING") return "PENDING";
  if (detectionState === "ELEVATED") return "ELEVATED";
  if (learning) return "LEARNING";
  return "ONLINE";
}

export const HEALTH_LABEL: Record<NodeHealth, string> = {
  UNDER_ATTACK: "Under attack",
  ELEVATED: "Elevated",
  OFFLINE: "Offline",
  PENDING: "Waiting for agent",
  LEARNING: "Learning",
  ONLINE: "Online",
};
