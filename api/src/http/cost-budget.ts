/**
 * Query cost each caller may spend per second on operations below the heavy threshold (those
 * above it queue at the heavy-operation gate instead). The request rate limit counts requests,
 * not work: a page of 200 nodes with their detection state is priced ~5,000 and takes tens of
 * milliseconds, and 60 of them a second from one key would be the whole process. A token bucket
 * per caller (rate key): it refills `perSecond` a second up to `capacity`; an operation that
 * costs more than is left is refused (RATE_LIMITED, after the usual hold) and spends nothing.
 * In-process: each API instance gives each caller this budget.
 *
 * With `burst` given, tokens above `burst.from` (one second's worth, say) refill at
 * `burst.perSecond` instead: a caller's burst comes back slowly once spent, so an attack that
 * pauses a few seconds between pulses is not handed the whole burst at the start of each one,
 * while a dashboard user, whose page loads are minutes apart, still has it.
 */
export class CostBudget {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();
  private readonly fastUpTo: number;
  private readonly burstPerSecond: number;

  constructor(
    private readonly perSecond: number,
    private readonly capacity: number,
    private readonly now: () => number = () => performance.now(),
    burst?: { from: number; perSecond: number },
  ) {
    if (burst && !(burst.perSecond > 0)) throw new RangeError("a burst must refill (perSecond > 0)");
    this.fastUpTo = burst ? Math.min(burst.from, capacity) : capacity;
    this.burstPerSecond = burst?.perSecond ?? perSecond;
  }

  /** Spends `cost` of the caller's budget; answers 0, or the ms until it could be afforded (nothing spent). */
  spend(caller: string, cost: number): number {
    if (this.perSecond <= 0) return 0;
    const now = this.now();
    const bucket = this.buckets.get(caller);
    const tokens = bucket ? this.refilled(bucket.tokens, now - bucket.at) : this.capacity;
    const price = Math.min(cost, this.capacity);
    if (tokens < price) {
      this.buckets.set(caller, { tokens, at: now });
      return Math.ceil(this.msUntil(tokens, price));
    }
    if (this.buckets.size >= 100_000) this.forgetFull(now);
    this.buckets.set(caller, { tokens: tokens - price, at: now });
    return 0;
  }

  /** The tokens `tokens` become after `ms`: at `perSecond` up to fastUpTo, then at the burst's rate. */
  private refilled(tokens: number, ms: number): number {
    const fast = Math.max(0, this.fastUpTo - tokens);
    const fastMs = (fast / this.perSecond) * 1000;
    if (ms <= fastMs) return tokens + (ms / 1000) * this.perSecond;
    const from = Math.max(tokens, this.fastUpTo);
    return Math.min(this.capacity, from + ((ms - fastMs) / 1000) * this.burstPerSecond);
  }

  /** Milliseconds until `tokens` refill to `price` (price ≤ capacity). */
  private msUntil(tokens: number, price: number): number {
    const fast = Math.max(0, Math.min(price, this.fastUpTo) - tokens);
    const slow = Math.max(0, price - Math.max(tokens, this.fastUpTo));
    return (fast / this.perSecond) * 1000 + (slow / this.burstPerSecond) * 1000;
  }

  /** Buckets that have refilled are the same as none. */
  private forgetFull(now: number): void {
    for (const [caller, b] of this.buckets)
      if (this.refilled(b.tokens, now - b.at) >= this.capacity) this.buckets.delete(caller);
  }
}
