import { LISTEN_QUEUE_FIELDS } from "@levee/shared/traffic-rates";
import type { TelemetrySample } from "../sampler/sample.ts";

/**
 * Whether `sample` uses what an API older than the listen-queue fields refuses: one of those
 * fields, or a socket count that says "not read" (null; such an API requires a number).
 */
export function usesNewerInput(sample: TelemetrySample): boolean {
  if (sample.synRecv === null || sample.tcpEstablished === null || sample.tcpTotal === null) return true;
  return LISTEN_QUEUE_FIELDS.some((field) => sample[field] !== undefined);
}

/**
 * The sample as such an API takes it: without the listen-queue fields, and socket counts not
 * read as 0 (that API's contract had no "not read").
 */
export function legacySample(sample: TelemetrySample): TelemetrySample {
  const legacy: TelemetrySample = {
    ...sample,
    synRecv: sample.synRecv ?? 0,
    tcpEstablished: sample.tcpEstablished ?? 0,
    tcpTotal: sample.tcpTotal ?? 0,
  };
  for (const field of LISTEN_QUEUE_FIELDS) delete legacy[field];
  return legacy;
}

/**
 * Whether a refusal of a whole batch is an older API's input validation refusing what
 * `usesNewerInput` names (GraphQL's variable coercion: an unknown field, or null for a required
 * count), not any other refusal: only then is the older shape worth sending (it drops the
 * listen-queue figures and says 0 for counts not read, for LEGACY_INPUT_MS).
 */
export function refusesNewerInput(message: string): boolean {
  return OLDER_INPUT_REFUSAL.test(message);
}

const OLDER_INPUT_REFUSAL =
  /Field "(?:syncookies\w*|listen(?:Overflows|Drops))" is not defined|at "[^"]*\.(?:synRecv|tcpEstablished|tcpTotal)"; Expected non-nullable/;
