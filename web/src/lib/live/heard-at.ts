import { useSyncExternalStore } from "react";

// When this tab last heard each node live (a trafficUpdated second), by the browser's clock: no
// skew to the agent's. The stored last_seen_at is written at most every 22.5 s by default (a
// quarter of the offline window: a write per node per second was most of the database's load at
// scale), so a node sending every second read "seen 17 s ago" from it alone. Shared by the
// tab's components, so a node page's header hears what its chart's subscription hears.
const heard = new Map<string, string>();
const listeners = new Set<() => void>();

/** Records that a live second of this node arrived now. */
export function markHeard(nodeId: string): void {
  heard.set(nodeId, new Date().toISOString());
  for (const listener of listeners) listener();
}

function onHeard(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** When this tab last heard the node live; null until it has. */
export function useHeardAt(nodeId: string): string | null {
  return useSyncExternalStore(
    onHeard,
    () => heard.get(nodeId) ?? null,
    () => null,
  );
}

/** The later of two ISO times: a stored value written after the last live second wins. */
export function latestTime(a: string | null | undefined, b: string | null | undefined): string | null {
  if (!a || !b) return a ?? b ?? null;
  return Date.parse(a) >= Date.parse(b) ? a : b;
}
