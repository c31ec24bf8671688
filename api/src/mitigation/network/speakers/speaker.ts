import type { Intent } from "../intent.ts";

/**
 * A BGP speaker Levee drives (GoBGP, ExaBGP, BIRD 2). Each call returns the exact request it
 * made (for the audit chain); failures throw SpeakerError with a message an operator can act on.
 */
export interface SpeakerCall {
  speaker: string;
  /** What was sent: gRPC method and message, the ExaBGP command line, or the BIRD file and argv. */
  request: Record<string, unknown>;
}

/** What the speaker holds now, for reconciliation. */
export interface SpeakerRib {
  /** Signatures (ruleSignature) of Levee routes present; undefined when the speaker cannot list them. */
  signatures?: Set<string>;
  /** Changes when the speaker restarted (or lost its routes): everything intended is sent again. */
  generation?: string;
}

export interface Speaker {
  readonly name: string;
  announce(intent: Intent): Promise<SpeakerCall>;
  withdraw(intent: Intent): Promise<SpeakerCall>;
  /** Bring the speaker to exactly this set (speakers whose state is a whole file do it at once). */
  replaceAll?(intents: Intent[]): Promise<SpeakerCall>;
  /** Take this set as what is announced now, without calling the speaker (the next change writes from it). */
  adopt?(intents: Intent[]): void;
  rib(): Promise<SpeakerRib>;
  close(): Promise<void>;
}

export class SpeakerError extends Error {
  constructor(
    readonly speaker: string,
    message: string,
    readonly request?: Record<string, unknown>,
  ) {
    super(`${speaker}: ${message}`);
    this.name = "SpeakerError";
  }
}
