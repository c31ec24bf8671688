/**
 * Whether a publish is sent, or dropped, on a connection that answers its commands in order. A
 * Redis that stalls (accepts, never answers) or is away keeps every command sent meanwhile in the
 * process (ioredis' queues), and publishes are fired without waiting, as often as agents report:
 * over a long stall they would grow the process without bound. So once the oldest publish still
 * unanswered has waited longer than `boundMs`, Redis is taken as not answering, and publishes are
 * dropped (counted) instead of sent until it answers again. Pub/sub is at most once anyway: these
 * events would have come late, and a subscriber that must not miss one reads the database again.
 */
export class PublishGate {
  /** When each unanswered publish was sent, oldest first (answers come in the same order). */
  private readonly sentAt: number[] = [];
  /** The caller's loop tick when each was sent (same order). */
  private readonly sentTick: number[] = [];
  /** Publishes not sent, since the start. */
  dropped = 0;

  constructor(private readonly boundMs: number) {}

  /** Publishes sent and not answered yet. */
  get unanswered(): number {
    return this.sentAt.length;
  }

  /**
   * True: send it, and call answered() once it settles. False: dropped (counted). `tick` counts the
   * caller's timer ticks: a healthy Redis whose answer waits in the socket because this process's
   * own loop was blocked past the bound (a long turn under load) is not Redis stalling. After such a
   * block the timer ticks once, and the answers already there are read in that same turn's poll,
   * possibly after this call: so the oldest must have waited past the bound AND two ticks at least
   * (a loop that went round with I/O between them) before Redis is taken as not answering.
   */
  admit(now: number, tick: number): boolean {
    const oldest = this.sentAt[0];
    const oldestTick = this.sentTick[0];
    if (
      oldest !== undefined &&
      oldestTick !== undefined &&
      now - oldest > this.boundMs &&
      tick - oldestTick >= 2
    ) {
      this.dropped++;
      return false;
    }
    this.sentAt.push(now);
    this.sentTick.push(tick);
    return true;
  }

  /** The oldest admitted publish was answered (or failed). */
  answered(): void {
    this.sentAt.shift();
    this.sentTick.shift();
  }
}
