// The counters a firewall action's step shows. The agent reads an action's counters when it reports
// a step; at APPLIED the rule has only just been added, so that reading is always 0, and beside a
// flood being dropped "0 packets · 0 B dropped" read as a rule that drops nothing. What an action
// dropped so far is its own last reading (MitigationAction.packets, every 10 s), shown with it.

export interface StepCounters {
  packets: number;
  bytes: number | null;
}

/** Steps whose reading is taken as the action starts: never a measure of what it dropped. */
const STARTING_STEPS = new Set(["REQUESTED", "APPLIED"]);

export function stepCounters(event: {
  kind: string;
  packets?: number | null;
  bytes?: number | null;
}): StepCounters | null {
  if (event.packets == null || STARTING_STEPS.has(event.kind)) return null;
  return { packets: event.packets, bytes: event.bytes ?? null };
}
