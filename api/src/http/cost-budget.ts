/**
 * Query cost each caller may spend per second on operations below the heavy threshold (those
 * above it queue at the heavy-operation gate instead). The request rate limit counts requests,
 * not work: a page of 200 nodes with their detection state is priced ~5,000 and takes tens of
 * milliseconds, and 60 of them a second from one key would be the whole process. A token bucket
 * per caller (rate key): it refills `perSecond` a second up to `capacity`; an operation that
 * costs more than is left is refused (RATE_LIMITED, after the usual hold) and spends nothing.
 * In-process: each API instance gives each caller this budget.
 */
export class CostBudget {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(
    private readonly perSecond: number,
    private readonly capacity: number,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** Spends `cost` of the caller's budget; answers 0, or the ms until it could be afforded (nothing spent). */
  spend(caller: string, cost: number): number {
    if (this.perSecond <= 0) return 0;
    const now = this.now();
    const bucket = this.buckets.get(caller);
    const tokens = bucket
      ? Math.min(this.capacity, bucket.tokens + ((now - bucket.at) / 1000) * this.perSecond)
      : this.capacity;
    const price = Math.min(cost, this.capacity);
    if (tokens < price) {
      this.buckets.set(caller, { tokens, at: now });
      return Math.ceil(((price - tokens) / this.perSecond) * 1000);
    }
    if (this.buckets.size >= 100_000) this.forgetFull(now);
    this.buckets.set(caller, { tokens: tokens - price, at: now });
    return 0;
  }

  /** Buckets that have refilled are the same as none. */
  private forgetFull(now: number): void {
    for (const [caller, b] of this.buckets)
      if (b.tokens + ((now - b.at) / 1000) * this.perSecond >= this.capacity) this.buckets.delete(caller);
  }
}
