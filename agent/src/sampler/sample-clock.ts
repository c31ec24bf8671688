import type { Logger } from "../log.ts";

/** Disagreement between the wall and monotonic clocks beyond which the wall clock "stepped". */
const STEP_MS = 1000;
/** The API's Date header has 1 s resolution and arrives after a round trip. */
const SERVER_TOLERANCE_MS = 2500;

/**
 * Wall-clock time for sample timestamps that a step of the system clock cannot bend. Between
 * steps it is the wall clock itself (following NTP's slow slewing); when the wall clock jumps
 * (an operator, a bad NTP source, a VM restore) sample time keeps advancing with the monotonic
 * clock instead, so samples keep their one-second spacing and are neither stamped an hour ahead
 * (refused by the API) nor an hour back (colliding with stored seconds). It follows the wall
 * clock again once the API's clock (HTTP Date) agrees with the wall clock, or the wall clock
 * comes back to sample time by itself.
 */
export class SampleClock {
  private anchorWall: number;
  private anchorMono: number;
  private stepped = false;

  constructor(
    private readonly logger: Logger,
    private readonly wall: () => number = Date.now,
    private readonly mono: () => number = () => performance.now(),
  ) {
    this.anchorWall = wall();
    this.anchorMono = mono();
  }

  /** Sample time now (epoch ms). */
  now(): number {
    const wall = this.wall();
    const held = this.anchorWall + (this.mono() - this.anchorMono);
    if (Math.abs(wall - held) <= STEP_MS) {
      if (this.stepped) this.logger.info("the system clock agrees with sample time again");
      this.stepped = false;
      this.follow(wall);
      return wall;
    }
    if (!this.stepped)
      this.logger.warn(
        "the system clock stepped; sample times follow the monotonic clock until it is confirmed",
        {
          stepSeconds: Math.round((wall - held) / 1000),
        },
      );
    this.stepped = true;
    return held;
  }

  /** The API's clock (its HTTP Date header): when it backs the stepped wall clock, follow it. */
  observeServerTime(serverMs: number): void {
    if (!this.stepped || !Number.isFinite(serverMs)) return;
    const wall = this.wall();
    if (Math.abs(serverMs + 500 - wall) > SERVER_TOLERANCE_MS) return;
    this.logger.info("the API's clock confirms the stepped system clock; sample times follow it", {
      stepSeconds: Math.round((wall - (this.anchorWall + (this.mono() - this.anchorMono))) / 1000),
    });
    this.stepped = false;
    this.follow(wall);
  }

  private follow(wall: number): void {
    this.anchorWall = wall;
    this.anchorMono = this.mono();
  }
}
