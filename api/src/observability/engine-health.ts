/**
 * Whether the engine does its work, beyond "the database answers": parts report each outcome
 * and a part that failed `threshold` times in a row is degraded (with the last error) until it
 * succeeds again. /healthz answers 503 while anything is degraded.
 */
export interface Degradation {
  part: string;
  reason: string;
  /** Consecutive failures so far. */
  failures: number;
  since: string;
}

export class EngineHealth {
  private readonly failing = new Map<string, Degradation>();

  constructor(
    /** Consecutive failures that make a part degraded; parts not listed: 1. */
    private readonly thresholds: Record<string, number> = {},
    private readonly now: () => Date = () => new Date(),
  ) {}

  failed(part: string, error: unknown): void {
    const reason = error instanceof Error ? error.message : String(error);
    const previous = this.failing.get(part);
    this.failing.set(part, {
      part,
      reason,
      failures: (previous?.failures ?? 0) + 1,
      since: previous?.since ?? this.now().toISOString(),
    });
  }

  succeeded(part: string): void {
    this.failing.delete(part);
  }

  degraded(): Degradation[] {
    return [...this.failing.values()].filter((d) => d.failures >= (this.thresholds[d.part] ?? 1));
  }
}
