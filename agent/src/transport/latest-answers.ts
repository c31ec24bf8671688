/**
 * Requests whose answers are followed, where requests overlap (the heartbeat's period, one at an
 * interface switch, one when a problem changes) and so may be answered out of order. An answer
 * older than one already followed holds an older state (an interface setting since changed) and is
 * dropped, or it would switch the agent back; the answers followed are followed one at a time.
 */
export class LatestAnswers<T> {
  /** Requests sent so far, and the latest whose answer was followed. */
  private asked = 0;
  private followed = 0;
  private following: Promise<void> = Promise.resolve();

  constructor(
    private readonly follow: (answer: T) => Promise<void>,
    /** A failure to follow (a capture that will not re-open) must not end the chain. */
    private readonly onFollowError: (error: unknown) => void,
  ) {}

  /** Sends the request and follows its answer unless a newer one was; a failed request rejects. */
  async send(request: () => Promise<T>): Promise<void> {
    const asked = ++this.asked;
    const answer = await request();
    if (asked < this.followed) return;
    this.followed = asked;
    this.following = this.following.then(() => this.follow(answer)).catch(this.onFollowError);
    await this.following;
  }
}
