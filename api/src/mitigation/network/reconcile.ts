import type { Intent } from "./intent.ts";
import { intentSignature } from "./rule-signature.ts";
import type { SpeakerRib } from "./speakers/speaker.ts";

export interface ReconcilePlan {
  /** Intended rules the speaker lacks (or holds with another action or communities). */
  announce: Intent[];
  /** For speakers whose state is one file: rewrite it whole. */
  replaceAll: boolean;
  generation: string | undefined;
}

/**
 * Compares what a speaker holds with what should be announced. A speaker that lists its RIB
 * (GoBGP) gets only the missing rules; one that cannot (ExaBGP) gets everything again when it
 * restarted since the last look (its generation changed); one whose state is a whole file (BIRD)
 * is rewritten when any rule is missing or extra. Routes Levee did not make are left alone.
 */
export function planReconcile(
  intended: Intent[],
  rib: SpeakerRib,
  lastGeneration: string | undefined,
  wholeFile: boolean,
): ReconcilePlan {
  const bgp = intended.filter((i) => i.kind !== "SCRUBBING");
  if (wholeFile) {
    const present = rib.signatures ?? new Set();
    const wanted = new Set(bgp.map(intentSignature));
    const differs = present.size !== wanted.size || [...wanted].some((s) => !s || !present.has(s));
    return { announce: [], replaceAll: differs, generation: rib.generation };
  }
  if (rib.signatures) {
    const present = rib.signatures;
    return {
      announce: bgp.filter((i) => !present.has(intentSignature(i) ?? "")),
      replaceAll: false,
      generation: rib.generation,
    };
  }
  const restarted = rib.generation !== lastGeneration;
  return { announce: restarted ? bgp : [], replaceAll: false, generation: rib.generation };
}
