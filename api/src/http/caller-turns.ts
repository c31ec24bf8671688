/**
 * One holder per caller at a time; the caller's others wait in its line, first come first
 * served. Callers do not wait for each other. What a caller's line may hold is bounded by what
 * lets its operations in at all (the cost budget is spent before the line is joined).
 */
export class CallerTurns {
  /** A caller's entry: someone holds its turn; the waiting, oldest first. */
  private readonly lines = new Map<string, (() => void)[]>();

  /** Resolves once it is the caller's turn, with the function that passes the turn on (once). */
  async enter(caller: string): Promise<() => void> {
    const line = this.lines.get(caller);
    if (line) await new Promise<void>((resolve) => line.push(resolve));
    else this.lines.set(caller, []);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.lines.get(caller)?.shift();
      if (next) next();
      else this.lines.delete(caller);
    };
  }

  /** Callers holding a turn (a test reads it). */
  get callers(): number {
    return this.lines.size;
  }
}
