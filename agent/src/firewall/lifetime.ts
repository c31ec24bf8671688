// When an applied action must go, decided from the persisted state alone (pure, so restarts
// and tests see the same answer): its TTL ran out, or the agent has not heard from the API
// for longer than the dead-man interval (permanent actions stay).

export interface LifetimeEntry {
  id: string;
  permanent: boolean;
  /** Epoch ms; null = no TTL (only permanent actions). */
  expiresAt: number | null;
}

export type RemovalReason = "expired" | "dead-man" | "withdrawn";

export function dueForRemoval(
  entries: readonly LifetimeEntry[],
  now: number,
  lastContactAt: number,
  deadManMs: number,
): { id: string; reason: RemovalReason }[] {
  const cutOff = now - lastContactAt > deadManMs;
  const due: { id: string; reason: RemovalReason }[] = [];
  for (const entry of entries) {
    if (entry.expiresAt !== null && entry.expiresAt <= now) due.push({ id: entry.id, reason: "expired" });
    else if (cutOff && !entry.permanent) due.push({ id: entry.id, reason: "dead-man" });
  }
  return due;
}
