/**
 * How long each phase of the API's start took, for the "Levee API listening" line: a restart that
 * is slow says where its time went. The first phase is everything before main() ran (node itself
 * and loading the modules), as performance.now() counts from the process's start.
 */
export class StartPhases {
  readonly ms: Record<string, number> = {};
  #last = 0;

  /** Ends the phase running since the previous mark (or since the process started). */
  mark(phase: string, now = performance.now()): void {
    this.ms[phase] = Math.round(now - this.#last);
    this.#last = now;
  }

  get totalMs(): number {
    return Math.round(this.#last);
  }
}
