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
  /**
   * The caller's loop tick when an admit first found the oldest unanswered publish past the bound
   * (undefined: not found so yet). Counted from then, not from the send: a tick that came before a
   * blocked turn (the loop went round before Redis' answer arrived) says nothing about Redis.
   */
  private lateSinceTick: number | undefined;
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
   * possibly after this call: so Redis is taken as not answering only once two ticks passed (a loop
   * that went round with I/O between them) since an admit first found the oldest past the bound.
   * Counted from the send instead, a tick before the block (the answer not there yet) made one.
   */
  admit(now: number, tick: number): boolean {
    const oldest = this.sentAt[0];
    if (oldest !== undefined && now - oldest > this.boundMs) {
      this.lateSinceTick ??= tick;
      if (tick - this.lateSinceTick >= 2) {
        this.dropped++;
        return false;
      }
    }
    this.sentAt.push(now);
    return true;
  }

  /** The oldest admitted publish was answered (or failed). */
  answered(): void {
    this.sentAt.shift();
    // The next oldest is judged afresh (a drained backlog is not a stall).
    this.lateSinceTick = undefined;
  }
}
