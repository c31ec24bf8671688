// The pure classification API: shared by the API (incidents) and levee-agent analyze.
// No Prisma, no Node I/O here.
export {
  type CaptureSummary,
  captureSummarySchema,
  SIGNATURE_NAMES,
  type SignatureName,
} from "./capture-summary.ts";
export {
  type AttackVector,
  type Classification,
  type ClassificationContext,
  type ClassifiedSource,
  classify,
  DEFAULT_THRESHOLD_BPS,
  DEFAULT_THRESHOLD_PPS,
  MIN_VECTOR_SHARE,
} from "./classifier.ts";
export {
  ATTACK_FAMILIES,
  type AttackFamily,
  FAMILY_LABELS,
  REFLECTION_FAMILIES,
  type VectorFamily,
} from "./families.ts";
export { summarizeIncidentText } from "./incident-text.ts";
export { IncidentWindow, type WindowEntry } from "./incident-window.ts";
export { emptySummary, mergeSummaries } from "./merge-summaries.ts";
